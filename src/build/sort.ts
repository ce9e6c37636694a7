/**
 * Output order: kustomize's legacy order (a fixed kind order, then gvk, namespace and name) or
 * input order (`fifo`). The Kubeflow example customises the legacy lists through sortOptions.
 */
import { gvkSortString, type Resource } from '../resource/index.js';
import type { Kustomization } from './kustomization.js';

/** kustomize's default first kinds. */
export const ORDER_FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount',
  'PodSecurityPolicy', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret',
  'Endpoints', 'Service', 'LimitRange', 'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim',
  'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
/** kustomize's default last kinds. */
export const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function rawNamespace(r: Resource): string {
  const ns = (r.obj.metadata as { namespace?: unknown } | undefined)?.namespace;
  return typeof ns === 'string' ? ns : '';
}

/**
 * Two Namespace types of which one is in the core group compare the other way round in the
 * reference (core ones first, `v2` before `v1`); observed, whatever the cause.
 */
function reversedNamespaceOrder(a: Resource, b: Resource): boolean {
  const x = a.id(), y = b.id();
  return x.kind === 'Namespace' && y.kind === 'Namespace' && (x.group === '' || y.group === '');
}

/** Sorts resources in place per the top kustomization's sortOptions. */
export function sortResources(list: Resource[], k: Kustomization): Resource[] {
  const opts = k.sortOptions;
  if (opts?.order === 'fifo') return list;
  const first = opts?.legacySortOptions?.orderFirst ?? ORDER_FIRST;
  const last = opts?.legacySortOptions?.orderLast ?? ORDER_LAST;
  const rank = new Map<string, number>();
  first.forEach((kind, i) => rank.set(kind, -first.length + i));
  last.forEach((kind, i) => rank.set(kind, 1 + i));
  const keyed = list.map((r) => {
    const id = r.id();
    return {
      r,
      rank: rank.get(id.kind) ?? 0,
      gvk: gvkSortString(id),
      // The reference orders by the namespace as written, even on cluster-scoped kinds.
      rest: `${rawNamespace(r) || '~X'}|${id.name}`,
    };
  });
  keyed.sort((a, b) => {
    if (a.rank !== b.rank) return a.rank - b.rank;
    if (a.gvk !== b.gvk) {
      const less = a.gvk < b.gvk ? -1 : 1;
      return reversedNamespaceOrder(a.r, b.r) ? -less : less;
    }
    return a.rest < b.rest ? -1 : a.rest > b.rest ? 1 : 0;
  });
  return keyed.map((x) => x.r);
}
