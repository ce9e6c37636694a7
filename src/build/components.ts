/**
 * `components`: kind Component kustomizations, applied in order after the generators, each to the
 * resources accumulated so far, as if it were an overlay sharing them: its own resources,
 * generators, nested components, patches and transformers all act on the shared list.
 */
import { BuildError } from '../errors.js';
import type { ResMap } from '../resource/index.js';
import type { FieldSpecTables } from '../fieldspec/index.js';
import type { TargetContext } from '../transform/index.js';
import { isComponent, type Kustomization } from '../kustomization/schema.js';
import { checkLocalRoot, loadKustomization } from './load.js';
import { refuseDuplicateIds, withinRoot, type Accumulated, type BuildSession } from './context.js';
import { locateRemote } from './remote.js';

/** Builds a component over the resources and tables of the kustomization that lists it. */
type AccumulateTarget = (dir: string, file: string, k: Kustomization, session: BuildSession, base: ResMap, tables: FieldSpecTables) => Accumulated;

/** Applies the kustomization's components to `m`, in order. */
export function accumulateComponents(
  m: ResMap, ctx: TargetContext, session: BuildSession, tables: FieldSpecTables, vars: unknown[], accumulateTarget: AccumulateTarget,
): void {
  (ctx.k.components ?? []).forEach((entry, i) => {
    const field = `components[${i}]`;
    const remote = locateRemote(entry, ctx, session, field);
    const dir = remote?.kind === 'dir' ? remote.dir : remote ? remote.source : session.loader.real(ctx.dir, entry);
    if (!dir) throw new BuildError(`component '${entry}' does not exist (looked in ${ctx.dir})`, { file: ctx.file, field });
    if (remote?.kind === 'docs' || !session.loader.isDir(dir)) {
      throw new BuildError(`component '${entry}' is a file; a component is a directory holding a kustomization of kind Component`, { file: ctx.file, field });
    }
    checkLocalRoot(entry, dir, ctx, session, field, !remote);
    withinRoot(session, dir, { file: ctx.file, field }, () => {
      const { k, file } = loadKustomization(dir, session);
      if (!isComponent(k)) {
        throw new BuildError(
          `'${entry}' is a ${k.kind ?? 'Kustomization'}, not a Component; list it under 'resources' or give it 'kind: Component' (apiVersion kustomize.config.k8s.io/v1alpha1)`,
          { file: ctx.file, field },
        );
      }
      const sub = accumulateTarget(dir, file, k, session, m, tables);
      refuseDuplicateIds(sub.resMap, sub.ctx);
      vars.push(...sub.vars);
    });
  });
}
