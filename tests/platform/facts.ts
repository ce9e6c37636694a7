// Facts read off rendered platform objects: ids, images, and the names objects refer to, for the
// inventory and sanity tests.
import { CLUSTER_SCOPED_KINDS } from '../../src/resource/index.js';
import type { Value, YMap } from '../../src/yaml/index.js';

/** `Kind namespace/name` as the inventory writes ids. */
export function inventoryId(o: YMap): string {
  const md = (o.metadata ?? {}) as YMap;
  return `${o.kind} ${md.namespace ? `${md.namespace}/` : ''}${md.name}`;
}

/** A generated name's content hash is not a fact the tree can match (content differs). */
export function withoutHash(id: string): string {
  return id.replace(/-[bcdfghkmt2-9]{10}$/, '-<hash>');
}

const isMap = (v: Value | undefined): v is YMap => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Every image an object runs or names for running: `image` fields at any depth (containers, init
 * and ephemeral containers, and single-container specs such as KServe's storage container or
 * Knative's queue-proxy Image). CRD schemas are not objects that run anything.
 */
export function imagesOf(o: Value, acc = new Set<string>()): Set<string> {
  if (isMap(o) && o.kind === 'CustomResourceDefinition') return acc;
  const walk = (v: Value) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isMap(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'image' && typeof x === 'string' && x) acc.add(x);
        else walk(x);
      }
    }
  };
  walk(o);
  return acc;
}

/** A name an object refers to: kind, namespace (where it matters) and name, plus where. */
export interface Ref {
  kind: 'ServiceAccount' | 'ConfigMap' | 'Secret' | 'Service';
  namespace: string;
  name: string;
  from: string;
}

function podSpecs(o: YMap): YMap[] {
  const specs: YMap[] = [];
  const walk = (v: Value) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isMap(v)) {
      if (Array.isArray(v.containers)) specs.push(v);
      else Object.values(v).forEach(walk);
    }
  };
  if (o.kind !== 'CustomResourceDefinition') walk(o.spec ?? null);
  return specs;
}

/** Every container and init container of an object's pod specs, with its pod spec. */
export function containersOf(o: YMap): { pod: YMap; container: YMap }[] {
  return podSpecs(o).flatMap((pod) =>
    [...((pod.containers as YMap[]) ?? []), ...((pod.initContainers as YMap[] | undefined) ?? [])].map((container) => ({ pod, container })));
}

/** The ServiceAccounts, ConfigMaps, Secrets and Services an object names. */
export function refsOf(o: YMap): Ref[] {
  const md = (o.metadata ?? {}) as YMap;
  const ns = (md.namespace as string) ?? '';
  const from = inventoryId(o);
  const refs: Ref[] = [];
  const add = (kind: Ref['kind'], name: unknown, namespace = ns) => {
    if (typeof name === 'string' && name) refs.push({ kind, namespace, name, from });
  };
  for (const p of podSpecs(o)) {
    add('ServiceAccount', p.serviceAccountName ?? p.serviceAccount);
    for (const s of (p.imagePullSecrets as YMap[] | undefined) ?? []) add('Secret', s.name);
    for (const v of (p.volumes as YMap[] | undefined) ?? []) {
      if (isMap(v.configMap) && v.configMap.optional !== true) add('ConfigMap', v.configMap.name);
      if (isMap(v.secret) && v.secret.optional !== true) add('Secret', v.secret.secretName);
      if (isMap(v.projected)) {
        for (const src of (v.projected.sources as YMap[] | undefined) ?? []) {
          if (isMap(src.configMap) && src.configMap.optional !== true) add('ConfigMap', src.configMap.name);
          if (isMap(src.secret) && src.secret.optional !== true) add('Secret', src.secret.name);
        }
      }
    }
    const containers = [...((p.containers as YMap[]) ?? []), ...((p.initContainers as YMap[] | undefined) ?? [])];
    for (const c of containers) {
      for (const e of (c.envFrom as YMap[] | undefined) ?? []) {
        if (isMap(e.configMapRef) && e.configMapRef.optional !== true) add('ConfigMap', e.configMapRef.name);
        if (isMap(e.secretRef) && e.secretRef.optional !== true) add('Secret', e.secretRef.name);
      }
      for (const e of (c.env as YMap[] | undefined) ?? []) {
        const vf = e.valueFrom as YMap | undefined;
        if (isMap(vf?.configMapKeyRef) && vf.configMapKeyRef.optional !== true) add('ConfigMap', vf.configMapKeyRef.name);
        if (isMap(vf?.secretKeyRef) && vf.secretKeyRef.optional !== true) add('Secret', vf.secretKeyRef.name);
      }
    }
  }
  if (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') {
    for (const s of (o.subjects as YMap[] | undefined) ?? []) {
      if (s.kind === 'ServiceAccount') add('ServiceAccount', s.name, (s.namespace as string) ?? ns);
    }
  }
  if (o.kind === 'MutatingWebhookConfiguration' || o.kind === 'ValidatingWebhookConfiguration') {
    for (const w of (o.webhooks as YMap[] | undefined) ?? []) {
      const svc = (w.clientConfig as YMap | undefined)?.service as YMap | undefined;
      if (svc) add('Service', svc.name, svc.namespace as string);
    }
  }
  if (o.kind === 'VirtualService') {
    const walk = (v: Value) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (isMap(v)) {
        if (isMap(v.destination) && typeof v.destination.host === 'string') {
          const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.cluster\.local)?$/.exec(v.destination.host);
          if (m) add('Service', m[1], m[2]);
          else if (/^[a-z0-9-]+$/.test(v.destination.host)) add('Service', v.destination.host);
        }
        Object.values(v).forEach(walk);
      }
    };
    walk(o.spec ?? null);
  }
  return refs;
}

/** What an object provides under a name: itself, and Secrets cert-manager makes from Certificates. */
export function providedBy(o: YMap): string[] {
  const md = (o.metadata ?? {}) as YMap;
  const ns = (md.namespace as string) ?? '';
  const own = `${o.kind} ${ns}/${md.name}`;
  if (o.kind === 'Certificate' && isMap(o.spec) && typeof o.spec.secretName === 'string') {
    return [own, `Secret ${ns}/${o.spec.secretName}`];
  }
  return [own];
}

/** Kinds without a namespace: the built-in ones plus cluster-scoped CRDs found in `objects`. */
export function clusterScopedKinds(objects: YMap[]): Set<string> {
  const kinds = new Set(CLUSTER_SCOPED_KINDS);
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition' || !isMap(o.spec)) continue;
    const names = o.spec.names as YMap;
    if (o.spec.scope === 'Cluster' && typeof names?.kind === 'string') kinds.add(names.kind);
  }
  return kinds;
}
