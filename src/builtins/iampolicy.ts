/**
 * IAMPolicyGenerator: a ServiceAccount bound to a cloud identity. kustomize knows only GKE's form
 * (Workload Identity: the `iam.gke.io/gcp-service-account` annotation); other clouds fail there too.
 */
import type { z } from 'zod';
import { shape } from '../kustomization/shape.js';
import { BuildError } from '../errors.js';
import { Resource } from '../resource/index.js';
import { mapOf } from '../yaml/map.js';
import type { Builtin } from './builtin.js';
import { META, optionalText } from './config.js';

/** The Kubernetes ServiceAccount to make and the Google service account it acts as. */
export interface IamPolicyConfig {
  name: string;
  namespace?: string;
  gsa: string;
}

const schema = shape.object({
  ...META,
  cloud: optionalText,
  kubernetesService: shape.object({ namespace: optionalText, name: optionalText }).optional(),
  serviceAccount: shape.object({ name: optionalText, projectId: optionalText }).optional(),
});

export const iamPolicyGenerator: Builtin<IamPolicyConfig> = {
  kind: 'IAMPolicyGenerator',
  role: 'generator',
  plugin: {
    schema,
    read(obj, p) {
      const o = obj as z.infer<typeof schema>;
      if (o.cloud !== 'gke') throw new BuildError(`${p.what}: cloud provider ${o.cloud ?? ''} not supported yet; kustomize knows only 'gke'`, p);
      const name = o.kubernetesService?.name;
      if (!name) throw new BuildError(`${p.what}: kubernetesService.name is required`, p);
      const gsa = `${o.serviceAccount?.name ?? ''}@${o.serviceAccount?.projectId ?? ''}.iam.gserviceaccount.com`;
      return { name, namespace: o.kubernetesService?.namespace || undefined, gsa };
    },
  },
  apply(m, c, ctx) {
    const metadata = mapOf({ annotations: mapOf({ 'iam.gke.io/gcp-service-account': c.gsa }), name: c.name }, c.namespace ? { namespace: c.namespace } : {});
    m.append(new Resource(mapOf({ apiVersion: 'v1', kind: 'ServiceAccount', metadata }), ctx.file));
  },
};
