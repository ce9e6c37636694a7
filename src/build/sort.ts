/**
 * Output order: kustomize's legacy order (a fixed kind order, then gvk, namespace and name) or
 * input order (`fifo`). The Kubeflow example customises the legacy lists through sortOptions.
 */
import { gvkSortString, type Resource } from '../resource/index.js';
import type { Kustomization } from '../kustomization/schema.js';

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
      // kustomize compares two Namespaces, one of them in the core group, in reverse gvk order.
      coreNamespace: id.kind === 'Namespace' && id.group === '',
      namespaceKind: id.kind === 'Namespace',
      rank: rank.get(id.kind) ?? 0,
      gvk: gvkSortString(id),
      // The reference orders by the namespace as written, even on cluster-scoped kinds.
      rest: `${rawNamespace(r) || '~X'}|${id.name}`,
    };
  });
  keyed.sort((a, b) => {
    if (a.rank !== b.rank) return a.rank - b.rank;
    if (a.gvk !== b.gvk) {
      const reverse = a.namespaceKind && b.namespaceKind && (a.coreNamespace || b.coreNamespace);
      return (a.gvk < b.gvk) !== reverse ? -1 : 1;
    }
    return a.rest < b.rest ? -1 : a.rest > b.rest ? 1 : 0;
  });
  return keyed.map((x) => x.r);
}
