/**
 * ReplacementTransformer: the `replacements` list (one transformer for all its entries, as in
 * kustomize), or a config of that kind. Entries naming a file are read when the transformer runs.
 */
import { z } from 'zod';
import { replacementFieldSchema, type ReplacementField } from '../build/kustomization.js';
import { applyReplacements, readReplacements } from '../transform/replacements.js';
import type { Builtin } from './builtin.js';
import { META } from './config.js';

/** Replacements (or files of them), reported as `field[i]`. */
export interface ReplacementConfig {
  entries: ReplacementField[];
  field: string;
}

export const replacementTransformer: Builtin<ReplacementConfig> = {
  kind: 'ReplacementTransformer',
  role: 'transformer',
  plugin: {
    schema: z.object({ ...META, replacements: z.array(replacementFieldSchema).optional() }),
    read: (obj, p) => ({ entries: (obj.replacements ?? []) as unknown as ReplacementField[], field: `${p.field}.replacements` }),
  },
  fromKustomization: (ctx) => (ctx.k.replacements?.length ? [{ entries: ctx.k.replacements, field: 'replacements' }] : []),
  apply: (m, c, ctx) => applyReplacements(m, readReplacements(c.entries, ctx, c.field)),
};
