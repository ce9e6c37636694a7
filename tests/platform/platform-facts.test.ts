// The platform tree against the platform's facts: per documented install path, the inventory's
// resource ids (95% at least; a generated name's hash suffix differs with content) and all its
// images; and static sanity checks on what each path renders.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { build, parseAll, type YMap } from '../../src/index.js';
import { execFileSync } from 'node:child_process';
import { clusterScopedKinds, containersOf, imagesOf, inventoryId, providedBy, refsOf, withoutHash } from './facts.js';

const REPO = join(import.meta.dirname, '../..');
type Entry = { resources: number; ids: string[]; images: string[]; crds: string[] };
const inventory = load(readFileSync(join(import.meta.dirname, 'inventory.yaml'), 'utf8')) as Record<string, Entry>;
type Exceptions = {
  externalRefs: { ref: string }[]; namespaceless: { id: string }[]; latestTags: { image: string }[];
  privileged: { container: string }[]; workloadTemplates: { kind: string }[];
};
/** exceptions.yaml, plus one file per component group in exceptions/, lists concatenated. */
const exceptions = ledgerFiles(join(import.meta.dirname, 'exceptions.yaml'), join(import.meta.dirname, 'exceptions'))
  .map((f) => (load(readFileSync(f, 'utf8')) ?? {}) as Partial<Exceptions>)
  .reduce<Exceptions>((acc, e) => {
    for (const k of Object.keys(acc) as (keyof Exceptions)[]) (acc[k] as unknown[]).push(...((e[k] as unknown[]) ?? []));
    return acc;
  }, { externalRefs: [], namespaceless: [], latestTags: [], privileged: [], workloadTemplates: [] });

function ledgerFiles(file: string, dir: string): string[] {
  const extra = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, f)) : [];
  return [...(existsSync(file) ? [file] : []), ...extra];
}

/** Paths the platform issues require (common foundation and core applications). */
const REQUIRED = [
  'common/cert-manager/base', 'common/cert-manager/kubeflow-issuer/base',
  'common/istio/istio-crds/base', 'common/istio/istio-namespace/base',
  'common/istio/istio-install/overlays/oauth2-proxy', 'common/istio/istio-install/overlays/gke',
  'common/istio/cluster-local-gateway/base', 'common/istio/kubeflow-istio-resources/base',
  'common/oauth2-proxy/overlays/m2m-dex-only', 'common/oauth2-proxy/overlays/m2m-dex-and-kind',
  'common/oauth2-proxy/overlays/m2m-dex-and-eks', 'common/dex/overlays/oauth2-proxy',
  'applications/centraldashboard/overlays/oauth2-proxy', 'applications/profiles/upstream/overlays/kubeflow',
  'applications/profiles/pss', 'applications/admission-webhook/upstream/overlays/cert-manager',
  'applications/jupyter/notebook-controller/upstream/overlays/kubeflow',
  'applications/jupyter/jupyter-web-app/upstream/overlays/istio', 'applications/pvcviewer-controller/upstream/base',
  'applications/volumes-web-app/upstream/overlays/istio',
  'applications/tensorboard/tensorboard-controller/upstream/overlays/kubeflow',
  'applications/tensorboard/tensorboards-web-app/upstream/overlays/istio',
  'applications/katib/upstream/installs/katib-with-kubeflow', 'common/user-namespace/base',
];

const PLATFORM_NAMESPACES = new Set([
  'kubeflow', 'kubeflow-system', 'istio-system', 'cert-manager', 'auth', 'oauth2-proxy', 'knative-serving',
  'knative-eventing', 'kube-system', 'kubeflow-user-example-com',
]);

const shipped = Object.keys(inventory).filter((p) => p !== 'example' && existsSync(join(REPO, p)));
const rendered = new Map<string, YMap[]>();
function render(path: string): YMap[] {
  let objs = rendered.get(path);
  if (!objs) {
    // KFM_FACTS_WITH_REFERENCE=1 renders with the reference instead (to debug manifests alone).
    objs = process.env.KFM_FACTS_WITH_REFERENCE
      ? (parseAll(execFileSync('/usr/lib/google-cloud-sdk/bin/kubectl.1.33', ['kustomize', join(REPO, path)], { encoding: 'utf8', maxBuffer: 1 << 30 }), path).filter(Boolean) as YMap[])
      : build(join(REPO, path)).objects;
    rendered.set(path, objs);
  }
  return objs;
}

describe('platform paths', () => {
  it('every required path exists', () => {
    expect(REQUIRED.filter((p) => !existsSync(join(REPO, p)))).toEqual([]);
  });
  for (const path of shipped) {
    describe(path, () => {
      it('renders >= 95% of the inventory ids and all its images and CRDs', () => {
        const objs = render(path);
        const want = inventory[path];
        const have = new Set(objs.map((o) => withoutHash(inventoryId(o))));
        const missing = want.ids.filter((id) => !have.has(withoutHash(id)));
        expect(missing.length / want.ids.length, `missing: ${missing.join(', ')}`).toBeLessThanOrEqual(0.05);
        const images = new Set<string>();
        for (const o of objs) imagesOf(o, images);
        expect(want.images.filter((i) => !images.has(i))).toEqual([]);
        const crds = objs.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => {
          const spec = o.spec as YMap;
          const versions = (spec.versions as YMap[]).map((v) => `${v.name}${v.storage ? '*' : ''}`).join(',');
          return `${(o.metadata as YMap).name} scope=${spec.scope} versions=${versions}`;
        });
        expect(want.crds.filter((c) => !crds.includes(c))).toEqual([]);
      });
      it('names only namespaces the platform creates, and no latest tags', () => {
        const objs = render(path);
        const cluster = clusterScopedKinds(shipped.flatMap(render));
        const bad: string[] = [];
        for (const o of objs) {
          if (cluster.has(o.kind as string)) continue;
          const ns = (o.metadata as YMap).namespace as string | undefined;
          if (ns ? !PLATFORM_NAMESPACES.has(ns) : !exceptions.namespaceless.some((e) => e.id === withoutHash(inventoryId(o)))) {
            bad.push(inventoryId(o));
          }
        }
        expect(bad).toEqual([]);
        const images = new Set<string>();
        for (const o of objs) imagesOf(o, images);
        const latest = [...images].filter((i) => (/:latest$/.test(i) || !/[:@]/.test(i.split('/').pop()!)))
          .filter((i) => !exceptions.latestTags.some((e) => e.image === i));
        expect(latest).toEqual([]);
      });
      it('every container has resource requests and a restricted-compatible security context', () => {
        const bad: string[] = [];
        for (const o of render(path)) {
          for (const { pod, container } of containersOf(o)) {
            const where = `${inventoryId(o)} container ${container.name}`;
            const req = (container.resources as YMap | undefined)?.requests as YMap | undefined;
            if (!req || req.cpu === undefined || req.memory === undefined) bad.push(`${where}: no cpu/memory requests`);
            if (exceptions.privileged.some((e) => e.container === where)) continue;
            if (exceptions.workloadTemplates.some((e) => e.kind === o.kind)) continue;
            const sc = { ...((pod.securityContext as YMap | undefined) ?? {}), ...((container.securityContext as YMap | undefined) ?? {}) };
            const caps = (container.securityContext as YMap | undefined)?.capabilities as YMap | undefined;
            if (sc.runAsNonRoot !== true) bad.push(`${where}: runAsNonRoot is not true`);
            if ((container.securityContext as YMap | undefined)?.allowPrivilegeEscalation !== false) bad.push(`${where}: allowPrivilegeEscalation is not false`);
            if (!Array.isArray(caps?.drop) || !caps.drop.includes('ALL')) bad.push(`${where}: capabilities not dropped`);
            if ((sc.seccompProfile as YMap | undefined)?.type !== 'RuntimeDefault') bad.push(`${where}: no RuntimeDefault seccomp profile`);
          }
        }
        expect(bad).toEqual([]);
      });
      it('every ServiceAccount, ConfigMap, Secret and Service it names exists or is documented', () => {
        const objs = render(path);
        const provided = new Set(objs.flatMap(providedBy));
        const dangling = objs.flatMap(refsOf)
          .map((r) => ({ key: `${r.kind} ${r.namespace}/${r.name}`, r }))
          .filter(({ key }) => !provided.has(key) && !exceptions.externalRefs.some((e) => e.ref === key.replace(' /', ' ')))
          .map(({ key, r }) => `${key} (from ${r.from})`);
        expect([...new Set(dangling)]).toEqual([]);
      });
    });
  }
});
