/** Legacy `vars`: collected per kustomization, substituted once at the top of the build. */
import { BuildError } from '../errors.js';
import type { ResMap } from '../resource/index.js';
import type { TargetContext } from '../transform/index.js';

export function collectVars(m: ResMap, ctx: TargetContext): unknown[] {
  void m;
  if (ctx.k.vars?.length) throw new BuildError('vars are not supported yet', { file: ctx.file });
  return [];
}

/** Substitutes `$(VAR)` references (top of the build only). */
export function resolveVars(m: ResMap, vars: unknown[]): void {
  void m; void vars;
}
