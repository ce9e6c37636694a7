/**
 * Accumulating one kustomization: its resources (files and, recursively, directories), then
 * configurations, generators, components, transformers, validators and vars, in kustomize's order.
 * Name references, hash suffixes and vars are settled once, at the top (see build.ts).
 */
import { BuildError } from '../errors.js';
import { idText, Resource, ResMap } from '../resource/index.js';
import { defaultTables, type FieldSpecTables } from '../fieldspec/index.js';
import type { TargetContext } from '../transform/index.js';
import { builtinsOf, type Role } from '../builtins/index.js';
import type { Value, YMap } from '../yaml/index.js';
import { isComponent, type Kustomization } from '../kustomization/schema.js';
import { locateRemote } from './remote.js';
import { applyConfigurations } from './configurations.js';
import { accumulateComponents } from './components.js';
import { rejectOutOfScope, runGeneratorPlugins, runTransformerPlugins, runValidators } from './plugins.js';
import { collectVars } from './vars.js';
import { recordTransformer } from './metadata.js';
import { checkLocalRoot, loadKustomization } from './load.js';
import { refuseDuplicateIds, withinRoot, type Accumulated, type BuildSession } from './context.js';

export type { Accumulated, BuildSession } from './context.js';

/** Turns the documents of a resource file into resources (`List` kinds are expanded). */
export function resourcesFromDocuments(docs: Value[], file: string): Resource[] {
  const out: Resource[] = [];
  const add = (d: Value, where: string) => {
    if (d === null) return;
    if (typeof d !== 'object' || Array.isArray(d)) {
      throw new BuildError(`${where} is not a YAML mapping; a resource must be an object with apiVersion, kind and metadata`, { file });
    }
    const kind = d.kind;
    if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(d.items)) {
      d.items.forEach((item, i) => add(item, `${where}, items[${i}]`));
      return;
    }
    if (typeof kind !== 'string' || kind === '') {
      throw new BuildError(`${where} has no 'kind'; every resource needs apiVersion, kind and metadata.name`, { file });
    }
    const md = d.metadata as YMap | undefined;
    if (!md || typeof md !== 'object' || Array.isArray(md) || typeof md.name !== 'string' || md.name === '') {
      if (!(md && typeof md === 'object' && !Array.isArray(md) && typeof md.generateName === 'string')) {
        throw new BuildError(`${where} (kind ${kind}) has no 'metadata.name'`, { file });
      }
    }
    // kustomize's internal annotations fill an `annotations:` left empty, so it is gone at the end.
    if (md && typeof md === 'object' && !Array.isArray(md) && md.annotations === null) delete md.annotations;
    out.push(new Resource(d, file));
  };
  docs.forEach((d, i) => add(d, docs.length > 1 ? `document ${i + 1}` : 'the document'));
  return out;
}

/** Merges field-spec tables that a sub-kustomization extended into `into`. */
export function mergeTables(into: FieldSpecTables, from: FieldSpecTables): void {
  for (const [name, specs] of Object.entries(from)) {
    if (!Array.isArray(specs)) continue;
    const cur = (into[name] as unknown[] | undefined) ?? [];
    // Built-in specs are shared objects, so most duplicates are the very same object; only the
    // rest (from `configurations` and `crds`) are compared by content.
    const same = new Set(cur);
    let texts: Set<string> | undefined;
    for (const s of specs) {
      if (same.has(s)) continue;
      texts ??= new Set(cur.map((x) => JSON.stringify(x)));
      const t = JSON.stringify(s);
      if (texts.has(t)) continue;
      texts.add(t);
      cur.push(s);
    }
    into[name] = cur;
  }
}

/** Adds the `resources` entries of a kustomization to `m`. */
export function accumulateResources(m: ResMap, entries: string[], ctx: TargetContext, session: BuildSession, tables: FieldSpecTables, vars: unknown[]): void {
  entries.forEach((entry, i) => {
    const field = `resources[${i}]`;
    const remote = locateRemote(entry, ctx, session, field);
    if (remote?.kind === 'docs') {
      for (const r of resourcesFromDocuments(remote.docs, remote.source)) m.append(r);
      return;
    }
    const abs = remote?.dir ?? session.loader.real(ctx.dir, entry);
    if (!abs) throw new BuildError(`'${entry}' does not exist (looked in ${ctx.dir})`, { file: ctx.file, field });
    if (session.loader.isDir(abs)) {
      checkLocalRoot(entry, abs, ctx, session, field, !remote);
      const sub = accumulateDirectory(abs, session, ctx.file, field);
      refuseDuplicateIds(sub.resMap, sub.ctx);
      if (isComponent(sub.k)) {
        throw new BuildError(`'${entry}' is a Component; list it under 'components', not 'resources'`, { file: ctx.file, field });
      }
      m.appendAll(sub.resMap);
      mergeTables(tables, sub.tables);
      vars.push(...sub.vars);
      return;
    }
    const file = session.loader.resolveFile(ctx.dir, entry, ctx.file, field);
    for (const r of resourcesFromDocuments(session.loader.documents(file, ctx.file, field), file)) m.append(r);
  });
}

/** Builds a kustomization directory (a real path), checking for cycles. */
export function accumulateDirectory(dir: string, session: BuildSession, from?: string, field?: string): Accumulated {
  return withinRoot(session, dir, { file: from, field }, () => {
    const { k, file } = loadKustomization(dir, session, from, field);
    return accumulateTarget(dir, file, k, session);
  });
}

/** The body of one kustomization, in kustomize's stage order. */
export function accumulateTarget(
  dir: string, file: string, k: Kustomization, session: BuildSession, base?: ResMap, baseTables?: FieldSpecTables,
): Accumulated {
  // A component shares its parent's tables (and so its parent's configurations), as kustomize does.
  const tables = baseTables ?? defaultTables();
  const ctx: TargetContext = { dir, file, k, tables, loader: session.loader, warn: session.warn, openapi: session.openapi };
  const m = base ?? new ResMap();
  const vars: unknown[] = [];
  const build = { session, accumulate: accumulateDirectory };
  accumulateResources(m, k.resources ?? [], ctx, session, tables, vars);
  applyConfigurations(ctx);
  rejectOutOfScope(ctx);
  runFieldBuiltins(m, ctx, 'generator');
  runGeneratorPlugins(m, ctx, build);
  m.noteIds();
  accumulateComponents(m, ctx, session, tables, vars, accumulateTarget);
  runFieldBuiltins(m, ctx, 'transformer');
  runTransformerPlugins(m, ctx, build);
  m.noteIds();
  runValidators(ctx, build);
  vars.push(...collectVars(m, ctx));
  return { resMap: m, tables, k, ctx, vars };
}


/**
 * Runs the builtins a kustomization's own fields compile to, kind by kind in the registry's order.
 * Each kind's configs are read just before it runs (a later field's files are not read when an
 * earlier one fails); ids are noted after each kind, and each transformer is recorded for
 * buildMetadata.
 */
function runFieldBuiltins(m: ResMap, ctx: TargetContext, role: Role): void {
  for (const b of builtinsOf(role)) {
    for (const run of b.fromKustomization(ctx)) {
      run(m);
      if (role === 'transformer') recordTransformer(m, ctx.file, b.kind);
    }
    if (role === 'transformer') m.noteIds();
  }
}
