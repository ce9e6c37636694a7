/** PrefixSuffixTransformer: the older combined kind, which configs may still list. */
import { shape } from '../kustomization/shape.js';
import { BuildError } from '../errors.js';
import { addPrefixSuffix, type PrefixSuffixOptions } from '../transform/prefixsuffix.js';
import type { Builtin } from './builtin.js';
import { fieldSpecList, fieldSpecsOf, META, optionalText } from './config.js';

export const prefixSuffixTransformer: Builtin<PrefixSuffixOptions> = {
  kind: 'PrefixSuffixTransformer',
  role: 'transformer',
  plugin: {
    schema: shape.object({ ...META, prefix: optionalText, suffix: optionalText, fieldSpecs: fieldSpecList }),
    // kustomize reads this config with a YAML decoder, which matches field names exactly.
    decode: { fold: false },
    read(obj, p) {
      if (obj.fieldSpecs === undefined || obj.fieldSpecs === null) {
        throw new BuildError(`${p.what}: fieldSpecs is required (for example [{path: metadata/name}])`, p);
      }
      return { prefix: (obj.prefix as string) || undefined, suffix: (obj.suffix as string) || undefined, fieldSpecs: fieldSpecsOf(obj, p) };
    },
  },
  apply: addPrefixSuffix,
};
