/**
 * Schema facts strategic merge needs: for the built-in Kubernetes kinds, which lists merge by key
 * (and by which keys), which primitive lists merge as sets, and the types of nested fields. Kept as
 * data in a compact form; everything not described here (custom resources, unknown fields) merges
 * plainly: maps merge, lists are replaced. Facts were checked against the reference by experiment.
 */
import type { Gvk } from '../resource/index.js';

/** What strategic merge knows about one field. */
export interface FieldFacts {
  /** The type of the value (of each element, for lists), when it is described. */
  type?: string;
  /** For lists of maps: merge elements by these keys (the first is the patch merge key). */
  keys?: string[];
  /** For lists of scalars: merge as a set instead of replacing. */
  set?: boolean;
}

/** A described type: its fields. */
export type TypeFacts = Record<string, FieldFacts>;

/**
 * Type table. Field notation: `name: Type` (a field of a described type), `name[key1,key2]: Type`
 * (a list merged by keys, elements of Type), `name[]: Type` (a list of Type, replaced), `name{}`
 * (a primitive list merged as a set).
 */
const TYPES_TEXT: Record<string, string> = {
  ObjectMeta: 'finalizers{} ownerReferences[uid]',
  PodTemplateSpec: 'metadata: ObjectMeta, spec: PodSpec',
  PodSpec:
    'volumes[name] initContainers[name]: Container, containers[name]: Container, ' +
    'ephemeralContainers[name]: Container, imagePullSecrets[name] hostAliases[ip] ' +
    'topologySpreadConstraints[topologyKey,whenUnsatisfiable] schedulingGates[name] resourceClaims[name]',
  Container: 'ports[containerPort,protocol] env[name] volumeMounts[mountPath] volumeDevices[devicePath]',
  Pod: 'metadata: ObjectMeta, spec: PodSpec',
  PodTemplate: 'metadata: ObjectMeta, template: PodTemplateSpec',
  WorkloadSpec: 'template: PodTemplateSpec, volumeClaimTemplates[]: PVC',
  PVC: 'metadata: ObjectMeta',
  Workload: 'metadata: ObjectMeta, spec: WorkloadSpec',
  CronJob: 'metadata: ObjectMeta, spec: CronJobSpec',
  CronJobSpec: 'jobTemplate: JobTemplate',
  JobTemplate: 'metadata: ObjectMeta, spec: WorkloadSpec',
  Service: 'metadata: ObjectMeta, spec: ServiceSpec',
  ServiceSpec: 'ports[port,protocol]',
  ServiceAccount: 'metadata: ObjectMeta, secrets[name]',
  WebhookConfiguration: 'metadata: ObjectMeta, webhooks[name]',
  Object: 'metadata: ObjectMeta',
};

/**
 * Root type of each built-in kind, by `group/version/kind` ('' is the core group). The version
 * matters: kustomize's built-in schema has no `apps/v1beta1` or `extensions/v1beta1` Deployment,
 * so those merge plainly (lists replaced), while `batch/v1beta1` CronJob is described.
 */
const KINDS: Record<string, string> = {
  '/v1/Pod': 'Pod',
  '/v1/PodTemplate': 'PodTemplate',
  '/v1/ReplicationController': 'Workload',
  'apps/v1/Deployment': 'Workload',
  'apps/v1/ReplicaSet': 'Workload',
  'apps/v1/DaemonSet': 'Workload',
  'apps/v1/StatefulSet': 'Workload',
  'batch/v1/Job': 'Workload',
  'batch/v1/CronJob': 'CronJob',
  'batch/v1beta1/CronJob': 'CronJob',
  '/v1/Service': 'Service',
  '/v1/ServiceAccount': 'ServiceAccount',
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': 'WebhookConfiguration',
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': 'WebhookConfiguration',
  'admissionregistration.k8s.io/v1beta1/MutatingWebhookConfiguration': 'WebhookConfiguration',
  'admissionregistration.k8s.io/v1beta1/ValidatingWebhookConfiguration': 'WebhookConfiguration',
};

/** Built-in kinds (by `group/kind`) whose only list facts are those of ObjectMeta. */
const PLAIN_BUILTIN_KINDS = [
  '/ConfigMap', '/Secret', '/Namespace', '/Endpoints', '/LimitRange', '/ResourceQuota', '/PersistentVolume',
  '/PersistentVolumeClaim', '/Node', 'rbac.authorization.k8s.io/Role', 'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/RoleBinding', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'networking.k8s.io/Ingress', 'networking.k8s.io/NetworkPolicy', 'networking.k8s.io/IngressClass',
  'policy/PodDisruptionBudget', 'autoscaling/HorizontalPodAutoscaler', 'storage.k8s.io/StorageClass',
  'apiextensions.k8s.io/CustomResourceDefinition', 'scheduling.k8s.io/PriorityClass',
  'apiregistration.k8s.io/APIService', 'coordination.k8s.io/Lease', 'node.k8s.io/RuntimeClass',
  '/Event', '/ComponentStatus', 'discovery.k8s.io/EndpointSlice', 'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment', 'certificates.k8s.io/CertificateSigningRequest',
  'policy/PodSecurityPolicy', 'networking.k8s.io/IngressClass', 'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration', 'autoscaling/HorizontalPodAutoscaler',
];

function parseType(text: string): TypeFacts {
  const out = Object.create(null) as TypeFacts;
  for (const raw of text.replace(/:\s+/g, ':').split(/\s+/)) {
    const item = raw.replace(/,$/, '');
    if (!item) continue;
    const m = /^([A-Za-z]+)(\[([^\]]*)\]|\{\})?(?::([A-Za-z]+))?$/.exec(item);
    if (!m) throw new Error(`bad merge schema entry: ${item}`);
    const f: FieldFacts = {};
    if (m[4]) f.type = m[4];
    if (m[2] === '{}') f.set = true;
    else if (m[3]) f.keys = m[3].split(',');
    out[m[1]] = f;
  }
  return out;
}

/**
 * The merge schema in force: built-in facts plus additions (`openapi`/`crds` helpers add keys for
 * custom kinds through {@link MergeSchema.addListKeys}).
 */
export class MergeSchema {
  private types = new Map<string, TypeFacts>();
  /** `group/version/kind` -> root type. */
  private kinds = new Map<string, string>();
  /** `group/kind` of built-in kinds described only by ObjectMeta. */
  private plain = new Set<string>();
  /** Extra facts keyed by `group/kind` (`group/version/kind` when versioned), path -> facts. */
  private extra = new Map<string, Map<string, FieldFacts>>();

  /**
   * @param builtin start from the built-in Kubernetes facts; without, the schema knows only what is
   * added, each fact for one `group/version/kind` (a custom OpenAPI schema replaces the built-in one).
   */
  constructor(private readonly builtin = true) {
    if (!builtin) return;
    for (const [name, text] of Object.entries(TYPES_TEXT)) this.types.set(name, parseType(text));
    for (const [k, t] of Object.entries(KINDS)) this.kinds.set(k, t);
    for (const k of PLAIN_BUILTIN_KINDS) this.plain.add(k);
  }

  private extraKey(gvk: Gvk): string {
    return this.builtin ? `${gvk.group}/${gvk.kind}` : `${gvk.group}/${gvk.version}/${gvk.kind}`;
  }

  /** The root node for an object of this kind, or undefined when nothing is known (plain merge). */
  root(gvk: Gvk): SchemaNode | undefined {
    const key = `${gvk.group}/${gvk.kind}`;
    const type = this.kinds.get(`${gvk.group}/${gvk.version}/${gvk.kind}`) ?? (this.plain.has(key) ? 'Object' : undefined);
    const extra = this.extra.get(this.extraKey(gvk));
    if (!type && !extra) return undefined;
    return new SchemaNode(this, type, extra, '');
  }

  /** Facts of a field of a described type. */
  field(type: string | undefined, name: string): FieldFacts | undefined {
    return type ? this.types.get(type)?.[name] : undefined;
  }

  /**
   * Declares that the list at `path` (slash-separated, from the object root) of `group/kind`
   * merges by `keys` (or, with an empty key list, as a set of scalars). The version counts only in
   * a schema without the built-in facts.
   */
  addListKeys(group: string, kind: string, path: string, keys: string[], version = ''): void {
    const key = this.extraKey({ group, version, kind });
    let m = this.extra.get(key);
    if (!m) this.extra.set(key, (m = new Map()));
    // Paths name fields only: list markers (`containers[]`, `[name=x]`) are dropped.
    const clean = path.replace(/\[[^\]]*\]/g, '').split('/').filter(Boolean).join('/');
    m.set(clean, keys.length ? { keys } : { set: true });
  }

  /** A copy, for a kustomization that adds its own facts without affecting others. */
  clone(): MergeSchema {
    const s = new MergeSchema(this.builtin);
    for (const [k, m] of this.extra) s.extra.set(k, new Map(m));
    return s;
  }
}

/** A position in an object: the type there (if described) and the path from the root. */
export class SchemaNode {
  constructor(
    private readonly schema: MergeSchema,
    readonly type: string | undefined,
    private readonly extra: Map<string, FieldFacts> | undefined,
    readonly path: string,
  ) {}

  private facts(name: string): FieldFacts | undefined {
    const p = this.path ? `${this.path}/${name}` : name;
    return this.extra?.get(p) ?? this.schema.field(this.type, name);
  }

  /** How the list under field `name` merges: by keys, as a set, or replaced (undefined). */
  list(name: string): FieldFacts | undefined {
    const f = this.facts(name);
    return f && (f.keys || f.set) ? f : undefined;
  }

  /** The node of field `name` (for lists: of its elements). */
  child(name: string): SchemaNode | undefined {
    const f = this.facts(name);
    const p = this.path ? `${this.path}/${name}` : name;
    if (!f?.type && !this.extra) return undefined;
    return new SchemaNode(this.schema, f?.type, this.extra, p);
  }
}

let shared: MergeSchema | undefined;

/** The built-in merge schema, built once. */
export function builtinMergeSchema(): MergeSchema {
  return (shared ??= new MergeSchema());
}
