/** The `transformers`, `generators` and `validators` fields (builtin plugin configs). */
import { BuildError } from '../errors.js';
import type { ResMap } from '../resource/index.js';
import type { TargetContext } from '../transform/index.js';

export function runTransformerPlugins(m: ResMap, ctx: TargetContext): void {
  void m;
  if (ctx.k.transformers?.length) throw new BuildError('transformers are not supported yet', { file: ctx.file });
}

export function runValidators(m: ResMap, ctx: TargetContext): void {
  void m;
  if (ctx.k.validators?.length) throw new BuildError('validators are not supported yet', { file: ctx.file });
}
