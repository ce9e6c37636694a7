/**
 * kustomize's built-in field-spec tables, as data in the `configurations` file format. Each table
 * is parsed once at load. Checked against the reference by the fixtures under tests/fixtures.
 */
import { parseOne } from '../yaml/parse.js';
import { parseTable, type FieldSpec, type ParsedFieldSpec } from './fieldspec.js';
import { NAME_REFERENCE_TABLE, type NameBackRef } from './namereference.js';
import { VAR_REFERENCE_PARSED } from './varreference.js';

const SELECTOR_AFFINITY = (group: string, kind: string) => [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
].map((path) => ({ path, group, kind, create: false }));

const COMMON_LABELS = `
- {path: metadata/labels, create: true}
- {path: spec/selector, create: true, version: v1, kind: Service}
- {path: spec/selector, create: true, version: v1, kind: ReplicationController}
- {path: spec/template/metadata/labels, create: true, version: v1, kind: ReplicationController}
- {path: spec/selector/matchLabels, create: true, kind: Deployment}
- {path: spec/template/metadata/labels, create: true, kind: Deployment}
- {path: spec/selector/matchLabels, create: true, kind: ReplicaSet}
- {path: spec/template/metadata/labels, create: true, kind: ReplicaSet}
- {path: spec/selector/matchLabels, create: true, kind: DaemonSet}
- {path: spec/template/metadata/labels, create: true, kind: DaemonSet}
- {path: spec/selector/matchLabels, create: true, group: apps, kind: StatefulSet}
- {path: spec/template/metadata/labels, create: true, group: apps, kind: StatefulSet}
- {path: "spec/volumeClaimTemplates[]/metadata/labels", create: true, group: apps, kind: StatefulSet}
- {path: spec/selector/matchLabels, create: false, group: batch, kind: Job}
- {path: spec/template/metadata/labels, create: true, group: batch, kind: Job}
- {path: spec/jobTemplate/spec/selector/matchLabels, create: false, group: batch, kind: CronJob}
- {path: spec/jobTemplate/metadata/labels, create: true, group: batch, kind: CronJob}
- {path: spec/jobTemplate/spec/template/metadata/labels, create: true, group: batch, kind: CronJob}
- {path: spec/selector/matchLabels, create: false, group: policy, kind: PodDisruptionBudget}
- {path: spec/podSelector/matchLabels, create: false, group: networking.k8s.io, kind: NetworkPolicy}
- {path: spec/ingress/from/podSelector/matchLabels, create: false, group: networking.k8s.io, kind: NetworkPolicy}
- {path: spec/egress/to/podSelector/matchLabels, create: false, group: networking.k8s.io, kind: NetworkPolicy}
`;

const TEMPLATE_LABELS = `
- {path: spec/template/metadata/labels, create: true, version: v1, kind: ReplicationController}
- {path: spec/template/metadata/labels, create: true, kind: Deployment}
- {path: spec/template/metadata/labels, create: true, kind: ReplicaSet}
- {path: spec/template/metadata/labels, create: true, kind: DaemonSet}
- {path: spec/template/metadata/labels, create: true, group: apps, kind: StatefulSet}
- {path: "spec/volumeClaimTemplates[]/metadata/labels", create: true, group: apps, kind: StatefulSet}
- {path: spec/template/metadata/labels, create: true, group: batch, kind: Job}
- {path: spec/jobTemplate/metadata/labels, create: true, group: batch, kind: CronJob}
- {path: spec/jobTemplate/spec/template/metadata/labels, create: true, group: batch, kind: CronJob}
`;

const COMMON_ANNOTATIONS = `
- {path: metadata/annotations, create: true}
- {path: spec/template/metadata/annotations, create: true, version: v1, kind: ReplicationController}
- {path: spec/template/metadata/annotations, create: true, kind: Deployment}
- {path: spec/template/metadata/annotations, create: true, kind: ReplicaSet}
- {path: spec/template/metadata/annotations, create: true, kind: DaemonSet}
- {path: spec/template/metadata/annotations, create: true, group: apps, kind: StatefulSet}
- {path: spec/template/metadata/annotations, create: true, group: batch, kind: Job}
- {path: spec/jobTemplate/metadata/annotations, create: true, group: batch, kind: CronJob}
- {path: spec/jobTemplate/spec/template/metadata/annotations, create: true, group: batch, kind: CronJob}
`;

const NAME_PREFIX = `
- {path: metadata/name}
`;

const NAMESPACE = `
- {path: metadata/namespace, create: true}
- {path: spec/service/namespace, group: apiregistration.k8s.io, kind: APIService, create: true}
- {path: spec/conversion/webhook/clientConfig/service/namespace, group: apiextensions.k8s.io, kind: CustomResourceDefinition, create: false}
`;

const REPLICAS = `
- {path: spec/replicas, create: true, kind: Deployment}
- {path: spec/replicas, create: true, kind: ReplicationController}
- {path: spec/replicas, create: true, kind: ReplicaSet}
- {path: spec/replicas, create: true, kind: StatefulSet}
`;

const IMAGES = `
- {path: "spec/containers[]/image", create: true}
- {path: "spec/initContainers[]/image", create: true}
- {path: "spec/template/spec/containers[]/image", create: true}
- {path: "spec/template/spec/initContainers[]/image", create: true}
`;

function table(text: string, extra: FieldSpec[] = []): ParsedFieldSpec[] {
  return parseTable([...(parseOne(text, 'kfm builtin table') as unknown as FieldSpec[]), ...extra]);
}

/** The built-in tables, by the name they have in `configurations` files. */
export interface FieldSpecTables {
  commonLabels: ParsedFieldSpec[];
  templateLabels: ParsedFieldSpec[];
  commonAnnotations: ParsedFieldSpec[];
  namePrefix: ParsedFieldSpec[];
  nameSuffix: ParsedFieldSpec[];
  namespace: ParsedFieldSpec[];
  replicas: ParsedFieldSpec[];
  images: ParsedFieldSpec[];
  /** Where legacy `vars` are substituted. */
  varReference: ParsedFieldSpec[];
  [other: string]: unknown;
}

/** A fresh copy of the built-in tables (a build may extend its copy through `configurations`). */
export function defaultTables(): FieldSpecTables {
  return {
    commonLabels: [...COMMON_LABELS_PARSED],
    templateLabels: [...TEMPLATE_LABELS_PARSED],
    commonAnnotations: [...COMMON_ANNOTATIONS_PARSED],
    namePrefix: [...NAME_PREFIX_PARSED],
    nameSuffix: [...NAME_PREFIX_PARSED],
    namespace: [...NAMESPACE_PARSED],
    replicas: [...REPLICAS_PARSED],
    images: [...IMAGES_PARSED],
    varReference: [...VAR_REFERENCE_PARSED],
  };
}

const COMMON_LABELS_PARSED = table(COMMON_LABELS, [
  ...SELECTOR_AFFINITY('apps', 'Deployment'),
  ...SELECTOR_AFFINITY('apps', 'StatefulSet'),
]);
const TEMPLATE_LABELS_PARSED = table(TEMPLATE_LABELS);
const COMMON_ANNOTATIONS_PARSED = table(COMMON_ANNOTATIONS);
const NAME_PREFIX_PARSED = table(NAME_PREFIX);
const NAMESPACE_PARSED = table(NAMESPACE);
const REPLICAS_PARSED = table(REPLICAS);
const IMAGES_PARSED = table(IMAGES);
