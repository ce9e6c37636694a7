/**
 * ReplacementTransformer: the `replacements` list (one transformer for all its entries, as in
 * kustomize), or a config of that kind. Entries naming a file are read when the transformer runs.
 */
import { shape } from '../kustomization/shape.js';
import { BuildError } from '../errors.js';
import { decodeAs, replacementFieldSchema, replacementSchema, type ReplacementField } from '../kustomization/schema.js';
import type { TargetContext } from '../transform/context.js';
import { applyReplacements, type Place, type Replacement } from '../transform/replacements.js';
import type { Builtin } from './builtin.js';
import { META } from './config.js';

/** Replacements (or files of them), reported as `field[i]`. */
export interface ReplacementConfig {
  entries: ReplacementField[];
  field: string;
}

/**
 * Reads the `replacements` entries of a kustomization (already decoded), loading `path` files,
 * which kustomize decodes leniently: unknown fields are ignored, names match in any case.
 */
function readReplacements(entries: ReplacementField[], ctx: Pick<TargetContext, 'dir' | 'file' | 'loader'>, field = 'replacements'): { rep: Replacement; place: Place }[] {
  const out: { rep: Replacement; place: Place }[] = [];
  entries.forEach((e, i) => {
    const place = { file: ctx.file, field: `${field}[${i}]` };
    if (e.path === undefined || e.path === '') {
      out.push({ rep: e, place });
      return;
    }
    if (e.source || e.targets?.length) throw new BuildError('a replacement with a path may not also give source or targets', place);
    const abs = ctx.loader.resolveFile(ctx.dir, e.path, ctx.file, `${place.field}.path`);
    const docs = ctx.loader.documents(abs, ctx.file, `${place.field}.path`);
    for (const d of docs) {
      if (d === null) continue;
      const list = Array.isArray(d) ? d : [d];
      list.forEach((x, j) => {
        const at = { file: abs, field: `[${j}]` };
        const rep = decodeAs(x, replacementSchema, 'replacement', at, { dropUnknown: true, scalarsAsText: true });
        out.push({ rep, place: at });
      });
    }
  });
  return out;
}

export const replacementTransformer: Builtin<ReplacementConfig> = {
  kind: 'ReplacementTransformer',
  role: 'transformer',
  plugin: {
    schema: shape.object({ ...META, replacements: shape.array(replacementFieldSchema).optional() }),
    read: (obj, p) => ({ entries: (obj.replacements ?? []) as unknown as ReplacementField[], field: `${p.field}.replacements` }),
  },
  fromKustomization: (ctx) => (ctx.k.replacements?.length ? [{ entries: ctx.k.replacements, field: 'replacements' }] : []),
  apply: (m, c, ctx) => applyReplacements(m, readReplacements(c.entries, ctx, c.field)),
};
