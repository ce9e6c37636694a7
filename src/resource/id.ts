/**
 * Resource ids: group, version, kind, namespace and name. Kinds known to be cluster-scoped carry no
 * namespace in their id, so a stray `metadata.namespace` on them does not make a second identity.
 */
import type { YMap } from '../yaml/index.js';

/** Group, version and kind. */
export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** A resource id. `namespace` is '' for cluster-scoped kinds and for unset namespaces. */
export interface ResId extends Gvk {
  name: string;
  namespace: string;
}

/**
 * The apiVersion/kind pairs kustomize treats as cluster-scoped: the cluster-scoped types of its
 * built-in Kubernetes API schema, by exact version (found by probing the reference). Any other
 * version of these kinds, and every other type, is namespaced: `flowcontrol.apiserver.k8s.io/v1`
 * FlowSchema gets the namespace transformer's namespace, as in kustomize.
 */
const CLUSTER_SCOPED = new Set([
  ...['ComponentStatus', 'Namespace', 'Node', 'PersistentVolume'].map((k) => `v1 ${k}`),
  ...['v1', 'v1beta1'].flatMap((v) => [
    `admissionregistration.k8s.io/${v} MutatingWebhookConfiguration`,
    `admissionregistration.k8s.io/${v} ValidatingWebhookConfiguration`,
    `apiextensions.k8s.io/${v} CustomResourceDefinition`,
    `apiregistration.k8s.io/${v} APIService`,
    `certificates.k8s.io/${v} CertificateSigningRequest`,
    `networking.k8s.io/${v} IngressClass`,
    `node.k8s.io/${v} RuntimeClass`,
    `rbac.authorization.k8s.io/${v} ClusterRole`,
    `rbac.authorization.k8s.io/${v} ClusterRoleBinding`,
    `scheduling.k8s.io/${v} PriorityClass`,
    `storage.k8s.io/${v} CSIDriver`,
    `storage.k8s.io/${v} CSINode`,
    `storage.k8s.io/${v} StorageClass`,
    `storage.k8s.io/${v} VolumeAttachment`,
  ]),
  'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema',
  'flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration',
  'policy/v1beta1 PodSecurityPolicy',
]);

/** The kinds that are cluster-scoped at some version (for checks on whole manifests). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([...CLUSTER_SCOPED].map((t) => t.split(' ')[1]));

/** Splits `apiVersion` into group and version. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** The id an object has now. */
export function idOf(obj: YMap): ResId {
  const { group, version } = splitApiVersion(typeof obj.apiVersion === 'string' ? obj.apiVersion : '');
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const md = (obj.metadata ?? {}) as YMap;
  const name = typeof md.name === 'string' ? md.name : '';
  const id = { group, version, kind, name, namespace: '' };
  if (typeof md.namespace === 'string' && !isClusterScoped(id)) id.namespace = md.namespace;
  return id;
}

/** True for types without a namespace. */
export function isClusterScoped(gvk: Gvk): boolean {
  return CLUSTER_SCOPED.has(`${gvk.group ? gvk.group + '/' : ''}${gvk.version} ${gvk.kind}`);
}

/** A key that is equal for equal ids (namespace 'default' counts as unset, as in kustomize). */
export function idKey(id: ResId): string {
  const ns = id.namespace === 'default' ? '' : id.namespace;
  return `${id.group}|${id.version}|${id.kind}|${ns}|${id.name}`;
}

/** kustomize's gvk text, used for ordering: `group_version_kind` with `~G`/`~V`/`~K` for blanks. */
export function gvkSortString(g: Gvk): string {
  return `${g.group || '~G'}_${g.version || '~V'}_${g.kind || '~K'}`;
}

/** A readable id for messages: `Kind namespace/name` (with the apiVersion when it has a group). */
export function idText(id: ResId): string {
  const av = id.group ? `${id.group}/${id.version}` : id.version;
  return `${id.kind}${av ? ` (${av})` : ''} ${id.namespace ? id.namespace + '/' : ''}${id.name}`;
}
