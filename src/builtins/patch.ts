/** PatchTransformer: each `patches` entry (a strategic merge or JSON 6902 patch, with a target), or a config of that kind. */
import type { z } from 'zod';
import { shape } from '../kustomization/shape.js';
import { applyPatchEntry, type PatchEntry } from '../merge/patches.js';
import { selectorSchema } from '../kustomization/schema.js';
import type { Builtin } from './builtin.js';
import { META, optionalText } from './config.js';

/** One patch, reported as field `field`. */
export interface PatchConfig {
  entry: PatchEntry;
  field: string;
}

const schema = shape.object({ ...META, path: optionalText, patch: optionalText, target: selectorSchema.optional(), options: shape.record(shape.string(), shape.boolean()).optional() });

export const patchTransformer: Builtin<PatchConfig> = {
  kind: 'PatchTransformer',
  role: 'transformer',
  plugin: {
    schema,
    read(obj, p) {
      const o = obj as z.infer<typeof schema>;
      return { entry: { path: o.path, patch: o.patch, target: o.target, options: o.options }, field: `${p.field}[0]` };
    },
  },
  fromKustomization: (ctx) => (ctx.k.patches ?? []).map((entry, i) => ({ entry, field: `patches[${i}]` })),
  apply: (m, c, ctx) => applyPatchEntry(m, c.entry, ctx, c.field),
};
