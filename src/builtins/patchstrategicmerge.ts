/**
 * PatchStrategicMergeTransformer: the `patchesStrategicMerge` list (one transformer for all its
 * entries, as in kustomize), or a config of that kind (its paths, then its inline patches).
 */
import { shape } from '../kustomization/shape.js';
import { applyStrategicMergeEntries } from '../merge/patches.js';
import type { Builtin } from './builtin.js';
import { META, optionalText } from './config.js';

/** Patch files or inline patches, reported as `field[i]`. */
export interface StrategicMergeConfig {
  entries: string[];
  field: string;
}

export const patchStrategicMergeTransformer: Builtin<StrategicMergeConfig> = {
  kind: 'PatchStrategicMergeTransformer',
  role: 'transformer',
  plugin: {
    schema: shape.object({ ...META, paths: shape.array(shape.string()).optional(), patches: optionalText }),
    read(obj, p) {
      const entries = [...(Array.isArray(obj.paths) ? (obj.paths as string[]) : [])];
      if (typeof obj.patches === 'string' && obj.patches.trim()) entries.push(obj.patches);
      return { entries, field: p.field };
    },
  },
  fromKustomization: (ctx) => (ctx.k.patchesStrategicMerge?.length ? [{ entries: ctx.k.patchesStrategicMerge, field: 'patchesStrategicMerge' }] : []),
  apply: (m, c, ctx) => applyStrategicMergeEntries(m, c.entries, ctx, c.field),
};
