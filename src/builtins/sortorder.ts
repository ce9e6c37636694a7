/**
 * SortOrderTransformer: the output order, from the top kustomization's `sortOptions`. kustomize
 * runs it at the top of a build only and cannot load it from a config.
 */
import { sortResources } from '../build/sort.js';
import type { Kustomization } from '../kustomization/schema.js';
import type { Builtin } from './builtin.js';

export const sortOrderTransformer: Builtin<Kustomization['sortOptions']> = {
  kind: 'SortOrderTransformer',
  role: 'transformer',
  apply: (m, sortOptions) => m.setAll(sortResources(m.all(), { sortOptions })),
};
