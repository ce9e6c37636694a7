/**
 * Accumulating one kustomization: its resources (files and, recursively, directories), then
 * configurations, generators, components, transformers, validators and vars, in kustomize's order.
 * Name references, hash suffixes and vars are settled once, at the top (see build.ts).
 */
import { isAbsolute, relative } from 'node:path';
import { BuildError } from '../errors.js';
import { idText, Resource, ResMap } from '../resource/index.js';
import { defaultTables, type FieldSpecTables } from '../fieldspec/index.js';
import { BUILTIN_STEPS, type TargetContext } from '../transform/index.js';
import type { Value, YMap } from '../yaml/index.js';
import { isComponent, readKustomization, type Kustomization } from './kustomization.js';
import type { Loader } from './loader.js';
import { locateRemote } from './remote.js';
import { runGenerators } from '../generate/index.js';
import { applyConfigurations } from './configurations.js';
import { accumulateComponents } from './components.js';
import { rejectOutOfScope, runGeneratorPlugins, runTransformerPlugins, runValidators } from './plugins.js';
import { collectVars } from './vars.js';
import { recordBuiltinStep } from './metadata.js';
import { chooseOpenApi, type OpenApiState } from './openapi.js';

/** State shared by every kustomization of one build. */
export interface BuildSession {
  loader: Loader;
  warn: (msg: string) => void;
  /** Kustomization roots being built, outermost first (to report cycles). */
  stack: string[];
  /** The build's OpenAPI schema choice. */
  openapi: OpenApiState;
}

/** What a kustomization hands to the one that includes it. */
export interface Accumulated {
  resMap: ResMap;
  tables: FieldSpecTables;
  k: Kustomization;
  ctx: TargetContext;
  /** vars declared here and below (resolved at the top). */
  vars: unknown[];
}

/** Reads and validates the kustomization file of `dir` (a real path). */
export function loadKustomization(
  dir: string, session: BuildSession, from?: string, field?: string,
): { k: Kustomization; file: string } {
  const file = session.loader.kustomizationFile(dir, from, field);
  if (!file) {
    throw new BuildError(
      `'${dir}' is a directory without a kustomization file (kustomization.yaml, kustomization.yml or Kustomization)`,
      { file: from ?? dir, field },
    );
  }
  // kustomize reads the first document and ignores any others.
  const docs = session.loader.kustomizationDocuments(file);
  const k = readKustomization(docs[0] ?? null, file, session.warn);
  chooseOpenApi(k, dir, file, session.loader, session.openapi);
  return { k, file };
}

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

/**
 * Checks a local folder a kustomization names as a root: kustomize refuses absolute paths, and a
 * folder named from a remote tree must lie in the same repository.
 */
export function checkLocalRoot(entry: string, dir: string, ctx: TargetContext, session: BuildSession, field: string, local: boolean): void {
  if (!local) return;
  if (isAbsolute(entry)) {
    throw new BuildError(`'${entry}' is an absolute path to a folder; kustomize accepts only relative paths to other kustomizations`, { file: ctx.file, field });
  }
  session.loader.containDir(ctx.dir, dir, entry, ctx.file, field);
}

/** Builds a kustomization directory (a real path), checking for cycles. */
export function accumulateDirectory(dir: string, session: BuildSession, from?: string, field?: string): Accumulated {
  if (session.stack.includes(dir)) {
    const cycle = [...session.stack.slice(session.stack.indexOf(dir)), dir].map((d) => relative(process.cwd(), d) || '.');
    throw new BuildError(`kustomizations include each other in a cycle: ${cycle.join(' -> ')}`, { file: from, field });
  }
  session.stack.push(dir);
  try {
    const { k, file } = loadKustomization(dir, session, from, field);
    return accumulateTarget(dir, file, k, session);
  } finally {
    session.stack.pop();
  }
}

/**
 * kustomize hands the resources of a base or a component on to the parent by adding them to a new
 * list, which refuses one id twice (patches can make two ids equal); so does the top level, after
 * generated names got their hash suffix.
 */
export function refuseDuplicateIds(m: ResMap, ctx: Pick<TargetContext, 'file'>): void {
  const dup = m.firstDuplicate();
  if (!dup) return;
  throw new BuildError(
    `two resources end up with the id ${idText(dup[1].id())} (from ${dup[0].source} and ${dup[1].source}); ` +
      'a kustomization may not hand on one id twice (a patch probably renamed one onto the other)',
    { file: ctx.file },
  );
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
  accumulateResources(m, k.resources ?? [], ctx, session, tables, vars);
  applyConfigurations(ctx);
  rejectOutOfScope(ctx);
  runGenerators(m, ctx);
  runGeneratorPlugins(m, ctx);
  m.noteIds();
  accumulateComponents(m, ctx, session, tables, vars);
  for (const step of BUILTIN_STEPS) {
    step.run(m, ctx);
    m.noteIds();
    recordBuiltinStep(m, ctx, step.field);
  }
  runTransformerPlugins(m, ctx);
  m.noteIds();
  runValidators(m, ctx);
  vars.push(...collectVars(m, ctx));
  return { resMap: m, tables, k, ctx, vars };
}

