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

/** Kinds kustomize treats as cluster-scoped (from the built-in Kubernetes API schema). */
export const CLUSTER_SCOPED = new Set([
  'APIService', 'CSIDriver', 'CSINode', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding',
  'ComponentStatus', 'CustomResourceDefinition', 'FlowSchema', 'IngressClass', 'MutatingWebhookConfiguration',
  'Namespace', 'Node', 'PersistentVolume', 'PodSecurityPolicy', 'PriorityClass', 'PriorityLevelConfiguration',
  'RuntimeClass', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'StorageClass', 'SubjectAccessReview',
  'TokenReview', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration',
  'VolumeAttachment', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'ClusterTrustBundle',
  'SelfSubjectReview', 'IPAddress', 'ServiceCIDR', 'DeviceClass', 'VolumeAttributesClass',
]);

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
  const ns = typeof md.namespace === 'string' && !CLUSTER_SCOPED.has(kind) ? md.namespace : '';
  return { group, version, kind, name, namespace: ns };
}

/** True for kinds without a namespace. */
export function isClusterScoped(gvk: Gvk): boolean {
  return CLUSTER_SCOPED.has(gvk.kind);
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
