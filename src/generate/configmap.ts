/** configMapGenerator: one ConfigMap per entry; text goes to `data`, non-UTF-8 file bytes to `binaryData`. */
import { BuildError } from '../errors.js';
import type { GeneratorArgs } from '../kustomization/schema.js';
import type { TargetContext } from '../transform/context.js';
import type { YMap } from '../yaml/index.js';
import { checkUnique, encodeBase64, isUtf8, loadPairs, type GeneratorPlace } from './kv.js';
import { generatedMetadata } from './meta.js';
import type { GenOptions } from './options.js';
import { mapOf, newMap } from '../yaml/map.js';

/** Builds the ConfigMap object of one configMapGenerator entry. */
export function makeConfigMap(args: GeneratorArgs, opts: GenOptions, ctx: TargetContext, p: GeneratorPlace): YMap {
  if (!args.name) throw new BuildError('a configMapGenerator entry needs a name', { file: ctx.file, field: `${p.field}[${p.index}].name` });
  const pairs = loadPairs(args, ctx, p);
  checkUnique(pairs, `configmap ${args.name}`, ctx, p);
  const data = newMap();
  const binaryData = newMap();
  for (const { key, value } of pairs) {
    if (typeof value === 'string') data[key] = value;
    else if (isUtf8(value)) data[key] = value.toString('utf8');
    else binaryData[key] = encodeBase64(value);
  }
  const obj = mapOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: generatedMetadata(args, opts) });
  if (Object.keys(data).length) obj.data = data;
  if (Object.keys(binaryData).length) obj.binaryData = binaryData;
  if (opts.immutable) obj.immutable = true;
  return obj;
}
