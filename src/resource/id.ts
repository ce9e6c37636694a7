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

/** Kinds Kubernetes serves cluster-scoped, in any version (kustomize's own view is narrower). */
export const CLUSTER_SCOPED = new Set([
  'APIService', 'CSIDriver', 'CSINode', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding',
  'ComponentStatus', 'CustomResourceDefinition', 'FlowSchema', 'IngressClass', 'MutatingWebhookConfiguration',
  'Namespace', 'Node', 'PersistentVolume', 'PodSecurityPolicy', 'PriorityClass', 'PriorityLevelConfiguration',
  'RuntimeClass', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'StorageClass', 'SubjectAccessReview',
  'TokenReview', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration',
  'VolumeAttachment', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'ClusterTrustBundle',
  'SelfSubjectReview', 'IPAddress', 'ServiceCIDR', 'DeviceClass', 'VolumeAttributesClass',
]);

/**
 * What kustomize treats as cluster-scoped: the `group/version kind`s its built-in schema
 * (Kubernetes 1.21.2) lists without a namespace, checked against the reference. Other versions of
 * the same kinds (`flowcontrol.apiserver.k8s.io/v1` FlowSchema), kinds added after 1.21
 * (ValidatingAdmissionPolicy, IPAddress) and review kinds (TokenReview) count as namespaced.
 */
const KUSTOMIZE_CLUSTER_SCOPED = new Set(
  [
    'v1: ComponentStatus Namespace Node PersistentVolume',
    'admissionregistration.k8s.io/v1 admissionregistration.k8s.io/v1beta1: MutatingWebhookConfiguration ValidatingWebhookConfiguration',
    'apiextensions.k8s.io/v1 apiextensions.k8s.io/v1beta1: CustomResourceDefinition',
    'apiregistration.k8s.io/v1 apiregistration.k8s.io/v1beta1: APIService',
    'certificates.k8s.io/v1 certificates.k8s.io/v1beta1: CertificateSigningRequest',
    'flowcontrol.apiserver.k8s.io/v1beta1: FlowSchema PriorityLevelConfiguration',
    'networking.k8s.io/v1 networking.k8s.io/v1beta1: IngressClass',
    'node.k8s.io/v1 node.k8s.io/v1beta1: RuntimeClass',
    'policy/v1beta1: PodSecurityPolicy',
    'rbac.authorization.k8s.io/v1 rbac.authorization.k8s.io/v1beta1: ClusterRole ClusterRoleBinding',
    'scheduling.k8s.io/v1 scheduling.k8s.io/v1beta1: PriorityClass',
    'storage.k8s.io/v1 storage.k8s.io/v1beta1: CSIDriver CSINode StorageClass VolumeAttachment',
  ].flatMap((line) => {
    const [versions, kinds] = line.split(': ');
    return versions.split(' ').flatMap((v) => kinds.split(' ').map((k) => `${v} ${k}`));
  }),
);

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
  const ns = typeof md.namespace === 'string' && !isClusterScoped({ group, version, kind }) ? md.namespace : '';
  return { group, version, kind, name, namespace: ns };
}

/** True for what kustomize treats as cluster-scoped (see KUSTOMIZE_CLUSTER_SCOPED). */
export function isClusterScoped(gvk: Gvk): boolean {
  return KUSTOMIZE_CLUSTER_SCOPED.has(`${gvk.group ? `${gvk.group}/` : ''}${gvk.version} ${gvk.kind}`);
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
