/**
 * The generators stage: configMapGenerator and secretGenerator, run after a kustomization's
 * resources are accumulated. A generated object is added, or (behavior merge/replace) takes the
 * place of the object with the same id from a base.
 */
import { BuildError } from '../errors.js';
import { idText, Resource, type Behavior, type ResMap } from '../resource/index.js';
import type { TargetContext } from '../transform/index.js';
import type { GeneratorArgs } from '../build/kustomization.js';
import type { YMap } from '../yaml/index.js';
import { makeConfigMap } from './configmap.js';
import { makeSecret } from './secret.js';
import { combineOptions } from './options.js';
import { mergeGenerated } from './merge.js';
import { checkRereadable } from './reread.js';

export { applyNameHashes, nameHash } from './hash.js';

/** Runs the kustomization's generators, adding (or merging) their objects into `m`. */
export function runGenerators(m: ResMap, ctx: TargetContext): void {
  const run = (field: string, list: GeneratorArgs[] | undefined, make: typeof makeConfigMap) => {
    (list ?? []).forEach((args, index) => {
      const where = `${field}[${index}]`;
      const opts = combineOptions(ctx.k.generatorOptions, args.options, ctx.file, where);
      const obj = make(args, opts, ctx, { field, index });
      // kustomize reads any other text (even 'Merge') as unspecified, which creates.
      const behavior: Behavior = args.behavior === 'merge' || args.behavior === 'replace' ? args.behavior : 'create';
      const r = new Resource(obj, ctx.file);
      r.generated = { behavior, hashSuffix: !opts.disableNameSuffixHash };
      place(m, r, ctx, where);
    });
  };
  run('configMapGenerator', ctx.k.configMapGenerator, makeConfigMap);
  run('secretGenerator', ctx.k.secretGenerator, makeSecret);
}

/** Adds a generated resource, or merges/replaces the base object with its id. */
function place(m: ResMap, r: Resource, ctx: TargetContext, where: string): void {
  const id = r.id();
  const behavior = r.generated!.behavior;
  const matches = m.byAnyId(id);
  if (matches.length === 0) {
    if (behavior !== 'create') {
      throw new BuildError(
        `behavior '${behavior}' needs an object ${idText(id)} from a base, but there is none; ` +
          `use behavior 'create' or fix the generator's name/namespace`,
        { file: ctx.file, field: where },
      );
    }
    checkRereadable(r.obj, { file: ctx.file, field: where });
    m.append(r);
    return;
  }
  if (matches.length > 1) {
    throw new BuildError(`several objects could take the ${behavior} of ${idText(id)}: ${matches.map((x) => idText(x.id())).join(', ')}`, {
      file: ctx.file, field: where,
    });
  }
  const old = matches[0];
  if (behavior === 'create') {
    throw new BuildError(
      `${idText(id)} already exists (from ${old.source}); set behavior 'merge' or 'replace' to change it`,
      { file: ctx.file, field: where },
    );
  }
  const merged = old.clone();
  merged.obj = mergeGenerated(old.obj, r.obj as YMap, behavior);
  checkRereadable(merged.obj, { file: ctx.file, field: where });
  merged.generated = { behavior, hashSuffix: !!old.generated?.hashSuffix && r.generated!.hashSuffix };
  m.replace(old, merged);
}
