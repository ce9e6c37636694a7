/** PatchJson6902Transformer: each `patchesJson6902` entry, or a config of that kind (its jsonOp). */
import type { z } from 'zod';
import { shape } from '../kustomization/shape.js';
import { applyJson6902Entry, type Json6902Entry } from '../merge/patches.js';
import { selectorSchema } from '../kustomization/schema.js';
import type { Builtin } from './builtin.js';
import { META, optionalText } from './config.js';

/** One JSON 6902 patch, reported as field `field`. */
export interface Json6902Config {
  entry: Json6902Entry;
  field: string;
}

const schema = shape.object({ ...META, target: selectorSchema.optional(), path: optionalText, jsonOp: optionalText });

export const patchJson6902Transformer: Builtin<Json6902Config> = {
  kind: 'PatchJson6902Transformer',
  role: 'transformer',
  plugin: {
    schema,
    read(obj, p) {
      const o = obj as z.infer<typeof schema>;
      return { entry: { target: o.target, path: o.path, patch: o.jsonOp }, field: `${p.field}[0]` };
    },
  },
  fromKustomization: (ctx) => (ctx.k.patchesJson6902 ?? []).map((entry, i) => ({ entry, field: `patchesJson6902[${i}]` })),
  apply: (m, c, ctx) => applyJson6902Entry(m, c.entry, ctx, c.field),
};
