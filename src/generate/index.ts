/**
 * The generators stage: configMapGenerator and secretGenerator, run after a kustomization's
 * resources are accumulated. A generated object is added, or (behavior merge/replace) takes the
 * place of the object with the same id from a base.
 */
import { BuildError } from '../errors.js';
import { idText, Resource, type Behavior, type ResMap } from '../resource/index.js';
import type { TargetContext } from '../transform/index.js';
import type { GeneratorArgs, Kustomization } from '../kustomization/schema.js';
import type { YMap } from '../yaml/index.js';
import { makeConfigMap } from './configmap.js';
import { makeSecret } from './secret.js';
import { combineOptions } from './options.js';
import { mergeGenerated } from './merge.js';

export { applyNameHashes, nameHash } from './hash.js';

type GeneratorOptions = Kustomization['generatorOptions'];

/** One generator's arguments: a kustomization entry (`field[index]`), or a plugin config's. */
export interface GeneratorConfig {
  args: GeneratorArgs;
  field: 'configMapGenerator' | 'secretGenerator';
  index: number;
  /** The kustomization's `generatorOptions`; a plugin config sees none. */
  globalOptions?: GeneratorOptions;
}

/** Makes one generator's object and adds (or merges) it into `m`. */
export function generate(m: ResMap, c: GeneratorConfig, ctx: TargetContext): void {
  const where = `${c.field}[${c.index}]`;
  const opts = combineOptions(c.globalOptions, c.args.options, ctx.file, where);
  const make = c.field === 'configMapGenerator' ? makeConfigMap : makeSecret;
  const obj = make(c.args, opts, ctx, { field: c.field, index: c.index });
  // kustomize reads any other text (even 'Merge') as unspecified, which creates.
  const behavior: Behavior = c.args.behavior === 'merge' || c.args.behavior === 'replace' ? c.args.behavior : 'create';
  const r = new Resource(obj, ctx.file);
  r.generated = { behavior, hashSuffix: !opts.disableNameSuffixHash };
  place(m, r, ctx, where);
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
  merged.generated = { behavior, hashSuffix: !!old.generated?.hashSuffix && r.generated!.hashSuffix };
  m.replace(old, merged);
}
