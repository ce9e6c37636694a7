/** PrefixTransformer: what `namePrefix` compiles to (kfm reads no config of this kind). */
import { addPrefixSuffix, type PrefixSuffixOptions } from '../transform/prefixsuffix.js';
import type { Builtin } from './builtin.js';

export const prefixTransformer: Builtin<PrefixSuffixOptions> = {
  kind: 'PrefixTransformer',
  role: 'transformer',
  fromKustomization: (ctx) => (ctx.k.namePrefix ? [{ prefix: ctx.k.namePrefix, fieldSpecs: ctx.tables.namePrefix }] : []),
  apply: addPrefixSuffix,
};
