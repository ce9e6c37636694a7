/**
 * The generators stage: configMapGenerator and secretGenerator (and generator plugins listed in
 * `generators`), run after a kustomization's resources are accumulated.
 */
import { BuildError } from '../errors.js';
import type { ResMap } from '../resource/index.js';
import type { TargetContext } from '../transform/index.js';

/** Runs the kustomization's generators, adding (or merging) their objects into `m`. */
export function runGenerators(m: ResMap, ctx: TargetContext): void {
  void m;
  if (ctx.k.configMapGenerator?.length || ctx.k.secretGenerator?.length) {
    throw new BuildError('configMapGenerator/secretGenerator are not supported yet', { file: ctx.file });
  }
}
