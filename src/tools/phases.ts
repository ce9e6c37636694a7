/**
 * Apply phases: the order in which a rendered platform goes onto a cluster so that nothing is
 * applied before what it needs. CustomResourceDefinitions must be established before their custom
 * resources, and admission webhooks must come after the workloads that serve them, or every
 * later object is refused while the webhook's pods are not up.
 */
import type { Resource } from '../resource/index.js';

/** The phases, in apply order. */
export const PHASES = ['crds', 'cluster', 'workloads', 'webhooks'] as const;
/** One apply phase. */
export type Phase = (typeof PHASES)[number];

const FIRST = new Set(['Namespace', 'CustomResourceDefinition']);
const CLUSTER = new Set([
  'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PriorityClass', 'IngressClass', 'RuntimeClass',
  'PodSecurityPolicy', 'APIService', 'CSIDriver', 'ResourceQuota', 'LimitRange',
]);
const WEBHOOKS = new Set([
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
]);

/** The phase a resource belongs to. */
export function phaseOf(r: Resource): Phase {
  const kind = r.id().kind;
  if (FIRST.has(kind)) return 'crds';
  if (CLUSTER.has(kind)) return 'cluster';
  if (WEBHOOKS.has(kind)) return 'webhooks';
  return 'workloads';
}

/** The resources in apply order: by phase, and within a phase in the build's own order. */
export function inPhaseOrder(resources: Resource[], only?: Phase): Resource[] {
  const phases = only ? [only] : PHASES;
  return phases.flatMap((p) => resources.filter((r) => phaseOf(r) === p));
}
