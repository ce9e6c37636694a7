/** secretGenerator: one Secret per entry, every value base64-encoded in `data`; `type` defaults to Opaque. */
import { BuildError } from '../errors.js';
import type { GeneratorArgs } from '../kustomization/schema.js';
import type { TargetContext } from '../transform/context.js';
import type { YMap } from '../yaml/index.js';
import { checkUnique, encodeBase64, loadPairs, type GeneratorPlace } from './kv.js';
import { generatedMetadata } from './meta.js';
import type { GenOptions } from './options.js';
import { mapOf, newMap } from '../yaml/map.js';

/** Builds the Secret object of one secretGenerator entry. */
export function makeSecret(args: GeneratorArgs, opts: GenOptions, ctx: TargetContext, p: GeneratorPlace): YMap {
  if (!args.name) throw new BuildError('a secretGenerator entry needs a name', { file: ctx.file, field: `${p.field}[${p.index}].name` });
  const pairs = loadPairs(args, ctx, p);
  checkUnique(pairs, `secret ${args.name}`, ctx, p);
  const data = newMap();
  for (const { key, value } of pairs) {
    data[key] = encodeBase64(typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
  }
  // Unlike a ConfigMap, a Secret always carries `data`, even when empty.
  const obj = mapOf({ apiVersion: 'v1', kind: 'Secret', metadata: generatedMetadata(args, opts), data, type: args.type || 'Opaque' });
  if (opts.immutable) obj.immutable = true;
  return obj;
}
