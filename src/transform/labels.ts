/**
 * commonLabels and labels: metadata labels everywhere, plus selectors (includeSelectors, and always
 * for commonLabels), pod templates (includeTemplates) and custom `fields`.
 */
import { parseTable, type FieldSpec, type ParsedFieldSpec } from '../fieldspec/index.js';
import type { BuiltinStep } from './context.js';
import { checkLegacyPairKeys, setPairs } from './setfields.js';

const METADATA_LABELS = parseTable([{ path: 'metadata/labels', create: true }]);

export const labelsStep: BuiltinStep = {
  field: 'labels',
  run(m, ctx) {
    if (ctx.k.commonLabels) checkLegacyPairKeys(ctx.k.commonLabels, 'commonLabels', ctx, m.size);
    if (ctx.k.commonLabels) setPairs(m, ctx.k.commonLabels, ctx.tables.commonLabels);
    for (const [i, l] of (ctx.k.labels ?? []).entries()) {
      if (!l.pairs) continue;
      checkLegacyPairKeys(l.pairs, `labels[${i}].pairs`, ctx, m.size);
      let specs: ParsedFieldSpec[];
      if (l.includeSelectors) specs = ctx.tables.commonLabels;
      else specs = [...METADATA_LABELS, ...(l.includeTemplates ? ctx.tables.templateLabels : [])];
      if (l.fields) specs = [...specs, ...parseTable(l.fields as unknown as FieldSpec[])];
      setPairs(m, l.pairs, specs);
    }
  },
};
