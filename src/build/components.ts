/** `components`: kind Component kustomizations applied to the resources accumulated so far. */
import { BuildError } from '../errors.js';
import type { ResMap } from '../resource/index.js';
import type { FieldSpecTables } from '../fieldspec/index.js';
import type { TargetContext } from '../transform/index.js';
import type { BuildSession } from './target.js';

export function accumulateComponents(
  m: ResMap, ctx: TargetContext, session: BuildSession, tables: FieldSpecTables, vars: unknown[],
): void {
  void m; void session; void tables; void vars;
  if (ctx.k.components?.length) throw new BuildError('components are not supported yet', { file: ctx.file });
}
