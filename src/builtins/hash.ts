/**
 * HashTransformer: the content-hash suffix of generated ConfigMaps and Secrets. kustomize runs it
 * once at the top of a build; a config of this kind under `transformers:` runs it there as well, so
 * such names end up hashed twice, as in kustomize.
 */
import { shape } from '../kustomization/shape.js';
import { applyNameHashes } from '../generate/hash.js';
import type { Builtin } from './builtin.js';
import { META } from './config.js';

export const hashTransformer: Builtin<Record<string, never>> = {
  kind: 'HashTransformer',
  role: 'transformer',
  plugin: { schema: shape.object(META), read: () => ({}) },
  apply: (m) => applyNameHashes(m),
};
