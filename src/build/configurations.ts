/** `configurations` and `crds`: extend the field-spec tables of a kustomization. */
import { BuildError } from '../errors.js';
import type { TargetContext } from '../transform/index.js';

export function applyConfigurations(ctx: TargetContext): void {
  if (ctx.k.configurations?.length || ctx.k.crds?.length) {
    throw new BuildError('configurations/crds are not supported yet', { file: ctx.file });
  }
}
