/** What LabelTransformer and AnnotationsTransformer share: pairs set at field specs. */
import { shape } from '../kustomization/shape.js';
import type { ResMap } from '../resource/index.js';
import type { ParsedFieldSpec } from '../fieldspec/index.js';
import { checkLegacyPairKeys, setPairs } from '../transform/setfields.js';
import type { TargetContext } from '../transform/context.js';
import type { PluginConfig } from './builtin.js';
import { fieldSpecList, fieldSpecsOf, META, stringMapOf } from './config.js';

/** Pairs to set at the field specs; `field` names a kustomization field whose keys are checked. */
export interface PairsConfig {
  pairs: Record<string, string>;
  fieldSpecs: ParsedFieldSpec[];
  field?: string;
}

/** Sets the pairs, first refusing keys kustomize would fail on (for kustomization fields). */
export function applyPairs(m: ResMap, c: PairsConfig, ctx: TargetContext): void {
  if (c.field) checkLegacyPairKeys(c.pairs, c.field, ctx, m.size);
  setPairs(m, c.pairs, c.fieldSpecs);
}

/** The config of a pairs transformer kind: a map of strings at `key`, set at its fieldSpecs. */
export function pairsPlugin(key: 'labels' | 'annotations'): PluginConfig<PairsConfig> {
  return {
    schema: shape.object({ ...META, [key]: shape.record(shape.string(), shape.string()).optional(), fieldSpecs: fieldSpecList }),
    read: (obj, p) => ({ pairs: stringMapOf(obj, key, p), fieldSpecs: fieldSpecsOf(obj, p) }),
  };
}
