/**
 * kustomize's built-in name-reference table, as data in the `configurations` file format
 * (`nameReference`): for each referee kind, the fields of other kinds that hold its name. Derived
 * by probing the reference with every candidate field; a path ending at a mapping (RBAC
 * `subjects`, webhook `clientConfig/service`) refers by name and namespace together.
 */
import { parseOne } from '../yaml/parse.js';
import { splitPath, type FieldSpec, type ParsedFieldSpec } from './fieldspec.js';

/** One nameReference entry: the referee's kind and where its name is referred to. */
export interface NameBackRef {
  group?: string;
  version?: string;
  kind: string;
  fieldSpecs: ParsedFieldSpec[];
}

const NAME_REFERENCE = `
- kind: ConfigMap
  version: v1
  fieldSpecs:
  - {path: spec/volumes/configMap/name, kind: Pod}
  - {path: spec/containers/env/valueFrom/configMapKeyRef/name, kind: Pod}
  - {path: spec/initContainers/env/valueFrom/configMapKeyRef/name, kind: Pod}
  - {path: spec/containers/envFrom/configMapRef/name, kind: Pod}
  - {path: spec/initContainers/envFrom/configMapRef/name, kind: Pod}
  - {path: spec/volumes/projected/sources/configMap/name, kind: Pod}
  - {path: template/spec/volumes/configMap/name, kind: PodTemplate}
  - {path: template/spec/containers/env/valueFrom/configMapKeyRef/name, kind: PodTemplate}
  - {path: template/spec/initContainers/env/valueFrom/configMapKeyRef/name, kind: PodTemplate}
  - {path: template/spec/containers/envFrom/configMapRef/name, kind: PodTemplate}
  - {path: template/spec/initContainers/envFrom/configMapRef/name, kind: PodTemplate}
  - {path: template/spec/volumes/projected/sources/configMap/name, kind: PodTemplate}
  - {path: spec/template/spec/volumes/configMap/name, kind: Deployment}
  - {path: spec/template/spec/containers/env/valueFrom/configMapKeyRef/name, kind: Deployment}
  - {path: spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name, kind: Deployment}
  - {path: spec/template/spec/containers/envFrom/configMapRef/name, kind: Deployment}
  - {path: spec/template/spec/initContainers/envFrom/configMapRef/name, kind: Deployment}
  - {path: spec/template/spec/volumes/projected/sources/configMap/name, kind: Deployment}
  - {path: spec/template/spec/volumes/configMap/name, kind: ReplicaSet}
  - {path: spec/template/spec/containers/env/valueFrom/configMapKeyRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/containers/envFrom/configMapRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/initContainers/envFrom/configMapRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/volumes/projected/sources/configMap/name, kind: ReplicaSet}
  - {path: spec/template/spec/volumes/configMap/name, kind: DaemonSet}
  - {path: spec/template/spec/containers/env/valueFrom/configMapKeyRef/name, kind: DaemonSet}
  - {path: spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name, kind: DaemonSet}
  - {path: spec/template/spec/containers/envFrom/configMapRef/name, kind: DaemonSet}
  - {path: spec/template/spec/initContainers/envFrom/configMapRef/name, kind: DaemonSet}
  - {path: spec/template/spec/volumes/projected/sources/configMap/name, kind: DaemonSet}
  - {path: spec/template/spec/volumes/configMap/name, kind: StatefulSet}
  - {path: spec/template/spec/containers/env/valueFrom/configMapKeyRef/name, kind: StatefulSet}
  - {path: spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name, kind: StatefulSet}
  - {path: spec/template/spec/containers/envFrom/configMapRef/name, kind: StatefulSet}
  - {path: spec/template/spec/initContainers/envFrom/configMapRef/name, kind: StatefulSet}
  - {path: spec/template/spec/volumes/projected/sources/configMap/name, kind: StatefulSet}
  - {path: spec/template/spec/volumes/configMap/name, kind: Job}
  - {path: spec/template/spec/containers/env/valueFrom/configMapKeyRef/name, kind: Job}
  - {path: spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name, kind: Job}
  - {path: spec/template/spec/containers/envFrom/configMapRef/name, kind: Job}
  - {path: spec/template/spec/initContainers/envFrom/configMapRef/name, kind: Job}
  - {path: spec/template/spec/volumes/projected/sources/configMap/name, kind: Job}
  - {path: spec/jobTemplate/spec/template/spec/volumes/configMap/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/containers/env/valueFrom/configMapKeyRef/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/containers/envFrom/configMapRef/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/initContainers/envFrom/configMapRef/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/volumes/projected/sources/configMap/name, kind: CronJob}
  - {path: spec/configSource/configMap/name, kind: Node}
  - {path: rules/resourceNames, kind: Role}
  - {path: rules/resourceNames, kind: ClusterRole}
- kind: Secret
  version: v1
  fieldSpecs:
  - {path: spec/volumes/secret/secretName, kind: Pod}
  - {path: spec/containers/env/valueFrom/secretKeyRef/name, kind: Pod}
  - {path: spec/initContainers/env/valueFrom/secretKeyRef/name, kind: Pod}
  - {path: spec/containers/envFrom/secretRef/name, kind: Pod}
  - {path: spec/initContainers/envFrom/secretRef/name, kind: Pod}
  - {path: spec/imagePullSecrets/name, kind: Pod}
  - {path: spec/volumes/projected/sources/secret/name, kind: Pod}
  - {path: template/spec/volumes/secret/secretName, kind: PodTemplate}
  - {path: template/spec/containers/env/valueFrom/secretKeyRef/name, kind: PodTemplate}
  - {path: template/spec/initContainers/env/valueFrom/secretKeyRef/name, kind: PodTemplate}
  - {path: template/spec/containers/envFrom/secretRef/name, kind: PodTemplate}
  - {path: template/spec/initContainers/envFrom/secretRef/name, kind: PodTemplate}
  - {path: template/spec/imagePullSecrets/name, kind: PodTemplate}
  - {path: template/spec/volumes/projected/sources/secret/name, kind: PodTemplate}
  - {path: spec/template/spec/volumes/secret/secretName, kind: Deployment}
  - {path: spec/template/spec/containers/env/valueFrom/secretKeyRef/name, kind: Deployment}
  - {path: spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name, kind: Deployment}
  - {path: spec/template/spec/containers/envFrom/secretRef/name, kind: Deployment}
  - {path: spec/template/spec/initContainers/envFrom/secretRef/name, kind: Deployment}
  - {path: spec/template/spec/imagePullSecrets/name, kind: Deployment}
  - {path: spec/template/spec/volumes/projected/sources/secret/name, kind: Deployment}
  - {path: spec/template/spec/volumes/secret/secretName, kind: ReplicaSet}
  - {path: spec/template/spec/containers/env/valueFrom/secretKeyRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/containers/envFrom/secretRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/initContainers/envFrom/secretRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/imagePullSecrets/name, kind: ReplicaSet}
  - {path: spec/template/spec/volumes/projected/sources/secret/name, kind: ReplicaSet}
  - {path: spec/template/spec/volumes/secret/secretName, kind: DaemonSet}
  - {path: spec/template/spec/containers/env/valueFrom/secretKeyRef/name, kind: DaemonSet}
  - {path: spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name, kind: DaemonSet}
  - {path: spec/template/spec/containers/envFrom/secretRef/name, kind: DaemonSet}
  - {path: spec/template/spec/initContainers/envFrom/secretRef/name, kind: DaemonSet}
  - {path: spec/template/spec/imagePullSecrets/name, kind: DaemonSet}
  - {path: spec/template/spec/volumes/projected/sources/secret/name, kind: DaemonSet}
  - {path: spec/template/spec/volumes/secret/secretName, kind: StatefulSet}
  - {path: spec/template/spec/containers/env/valueFrom/secretKeyRef/name, kind: StatefulSet}
  - {path: spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name, kind: StatefulSet}
  - {path: spec/template/spec/containers/envFrom/secretRef/name, kind: StatefulSet}
  - {path: spec/template/spec/initContainers/envFrom/secretRef/name, kind: StatefulSet}
  - {path: spec/template/spec/imagePullSecrets/name, kind: StatefulSet}
  - {path: spec/template/spec/volumes/projected/sources/secret/name, kind: StatefulSet}
  - {path: spec/template/spec/volumes/secret/secretName, kind: Job}
  - {path: spec/template/spec/containers/env/valueFrom/secretKeyRef/name, kind: Job}
  - {path: spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name, kind: Job}
  - {path: spec/template/spec/containers/envFrom/secretRef/name, kind: Job}
  - {path: spec/template/spec/initContainers/envFrom/secretRef/name, kind: Job}
  - {path: spec/template/spec/imagePullSecrets/name, kind: Job}
  - {path: spec/template/spec/volumes/projected/sources/secret/name, kind: Job}
  - {path: spec/jobTemplate/spec/template/spec/volumes/secret/secretName, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/containers/env/valueFrom/secretKeyRef/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/containers/envFrom/secretRef/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/initContainers/envFrom/secretRef/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/imagePullSecrets/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/volumes/projected/sources/secret/name, kind: CronJob}
  - {path: imagePullSecrets/name, kind: ServiceAccount}
  - {path: spec/tls/secretName, kind: Ingress}
  - {path: parameters/secretName, kind: StorageClass}
  - {path: parameters/adminSecretName, kind: StorageClass}
  - {path: parameters/userSecretName, kind: StorageClass}
  - {path: parameters/secretRef, kind: StorageClass}
  - {path: spec/azureFile/secretName, kind: PersistentVolume}
  - {path: rules/resourceNames, kind: Role}
  - {path: rules/resourceNames, kind: ClusterRole}
  - {path: metadata/annotations/ingress.kubernetes.io\\/auth-secret, kind: Ingress}
  - {path: metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret, kind: Ingress}
  - {path: metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret, kind: Ingress}
- kind: ServiceAccount
  fieldSpecs:
  - {path: spec/serviceAccountName, kind: Pod}
  - {path: spec/template/spec/serviceAccountName, kind: Deployment}
  - {path: spec/template/spec/serviceAccountName, kind: DaemonSet}
  - {path: spec/template/spec/serviceAccountName, kind: StatefulSet}
  - {path: spec/template/spec/serviceAccountName, kind: Job}
  - {path: spec/jobTemplate/spec/template/spec/serviceAccountName, kind: CronJob}
  - {path: spec/template/spec/serviceAccountName, kind: ReplicationController}
  - {path: subjects, kind: RoleBinding}
  - {path: subjects, kind: ClusterRoleBinding}
- kind: PersistentVolumeClaim
  fieldSpecs:
  - {path: spec/volumes/persistentVolumeClaim/claimName, kind: Pod}
  - {path: spec/template/spec/volumes/persistentVolumeClaim/claimName, kind: Deployment}
  - {path: spec/template/spec/volumes/persistentVolumeClaim/claimName, kind: DaemonSet}
  - {path: spec/template/spec/volumes/persistentVolumeClaim/claimName, kind: StatefulSet}
  - {path: spec/template/spec/volumes/persistentVolumeClaim/claimName, kind: Job}
  - {path: spec/jobTemplate/spec/template/spec/volumes/persistentVolumeClaim/claimName, kind: CronJob}
  - {path: spec/template/spec/volumes/persistentVolumeClaim/claimName, kind: ReplicationController}
- kind: PriorityClass
  fieldSpecs:
  - {path: spec/priorityClassName, kind: Pod}
  - {path: spec/template/spec/priorityClassName, kind: Deployment}
  - {path: spec/template/spec/priorityClassName, kind: DaemonSet}
  - {path: spec/template/spec/priorityClassName, kind: StatefulSet}
  - {path: spec/template/spec/priorityClassName, kind: Job}
  - {path: spec/jobTemplate/spec/template/spec/priorityClassName, kind: CronJob}
  - {path: spec/template/spec/priorityClassName, kind: ReplicationController}
- kind: PersistentVolume
  fieldSpecs:
  - {path: rules/resourceNames, kind: ClusterRole}
  - {path: spec/volumeName, kind: PersistentVolumeClaim}
- kind: Service
  fieldSpecs:
  - {path: spec/service/name, kind: APIService}
  - {path: spec/serviceName, kind: StatefulSet}
  - {path: spec/rules/http/paths/backend/service/name, kind: Ingress}
  - {path: spec/defaultBackend/service/name, kind: Ingress}
  - {path: spec/rules/http/paths/backend/serviceName, kind: Ingress}
  - {path: spec/backend/serviceName, kind: Ingress}
  - {path: webhooks/clientConfig/service, kind: ValidatingWebhookConfiguration}
  - {path: webhooks/clientConfig/service, kind: MutatingWebhookConfiguration}
- kind: Deployment
  fieldSpecs:
  - {path: spec/scaleTargetRef/name, kind: HorizontalPodAutoscaler}
- kind: StatefulSet
  fieldSpecs:
  - {path: spec/scaleTargetRef/name, kind: HorizontalPodAutoscaler}
- kind: ReplicaSet
  fieldSpecs:
  - {path: spec/scaleTargetRef/name, kind: HorizontalPodAutoscaler}
- kind: ReplicationController
  fieldSpecs:
  - {path: spec/scaleTargetRef/name, kind: HorizontalPodAutoscaler}
- kind: Role
  fieldSpecs:
  - {path: roleRef/name, kind: RoleBinding}
- kind: ClusterRole
  fieldSpecs:
  - {path: roleRef/name, kind: RoleBinding}
  - {path: roleRef/name, kind: ClusterRoleBinding}
- kind: StorageClass
  fieldSpecs:
  - {path: spec/storageClassName, kind: PersistentVolumeClaim}
  - {path: spec/storageClassName, kind: PersistentVolume}
  - {path: spec/volumeClaimTemplates/spec/storageClassName, kind: StatefulSet}
- kind: ValidatingAdmissionPolicy
  fieldSpecs:
  - {path: spec/policyName, kind: ValidatingAdmissionPolicyBinding}
`;

/** Parses nameReference entries (built-in or from a `configurations` file). */
export function parseNameReferences(raw: unknown): NameBackRef[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((e: { group?: string; version?: string; kind: string; fieldSpecs?: FieldSpec[] }) => ({
    group: e.group,
    version: e.version,
    kind: e.kind,
    fieldSpecs: (e.fieldSpecs ?? []).map((s) => ('parts' in s ? (s as ParsedFieldSpec) : { ...s, parts: splitPath(s.path) })),
  }));
}

/** The built-in nameReference table, parsed once. */
export const NAME_REFERENCE_TABLE: NameBackRef[] = parseNameReferences(parseOne(NAME_REFERENCE, 'kfm builtin table'));
