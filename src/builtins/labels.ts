/**
 * LabelTransformer: `commonLabels` and each `labels` entry (metadata labels everywhere, plus
 * selectors, pod templates and custom `fields` as the entry asks), or a config of that kind.
 */
import { parseTable, type FieldSpec, type ParsedFieldSpec } from '../fieldspec/index.js';
import type { TargetContext } from '../transform/context.js';
import type { Builtin } from './builtin.js';
import { applyPairs, pairsPlugin, type PairsConfig } from './pairs.js';

const METADATA_LABELS = parseTable([{ path: 'metadata/labels', create: true }]);

/** kustomize makes one transformer for commonLabels whenever any labels are set (even if empty), then one per entry. */
function fromKustomization(ctx: TargetContext): PairsConfig[] {
  const { commonLabels, labels = [] } = ctx.k;
  const out: PairsConfig[] = [];
  if ((commonLabels && Object.keys(commonLabels).length) || labels.length) {
    out.push({ pairs: commonLabels ?? {}, fieldSpecs: ctx.tables.commonLabels, field: commonLabels ? 'commonLabels' : undefined });
  }
  labels.forEach((l, i) => {
    if (!l.pairs) {
      out.push({ pairs: {}, fieldSpecs: [] });
      return;
    }
    let specs: ParsedFieldSpec[];
    if (l.includeSelectors) specs = ctx.tables.commonLabels;
    else specs = [...METADATA_LABELS, ...(l.includeTemplates ? ctx.tables.templateLabels : [])];
    if (l.fields) specs = [...specs, ...parseTable(l.fields as unknown as FieldSpec[])];
    out.push({ pairs: l.pairs, fieldSpecs: specs, field: `labels[${i}].pairs` });
  });
  return out;
}

export const labelTransformer: Builtin<PairsConfig> = {
  kind: 'LabelTransformer',
  role: 'transformer',
  plugin: pairsPlugin('labels'),
  fromKustomization,
  apply: applyPairs,
};
