/** SuffixTransformer: what `nameSuffix` compiles to (kfm reads no config of this kind). */
import { addPrefixSuffix, type PrefixSuffixOptions } from '../transform/prefixsuffix.js';
import type { Builtin } from './builtin.js';

export const suffixTransformer: Builtin<PrefixSuffixOptions> = {
  kind: 'SuffixTransformer',
  role: 'transformer',
  fromKustomization: (ctx) => (ctx.k.nameSuffix ? [{ suffix: ctx.k.nameSuffix, fieldSpecs: ctx.tables.nameSuffix }] : []),
  apply: addPrefixSuffix,
};
