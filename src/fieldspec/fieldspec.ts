/**
 * Field specs: where in which kinds a transformer looks. Tables are data (kustomize's
 * `configurations` format), parsed once; walking a spec visits every matching field, fanning out
 * over lists on the way.
 */
import type { Value, YMap } from '../yaml/index.js';
import { idText, type Gvk, type Resource } from '../resource/index.js';
import { BuildError } from '../errors.js';
import { isMap, newMap } from '../yaml/map.js';

/** A field spec's path runs into a scalar where it needs a map or list (kustomize fails too). */
export class FieldSpecError extends BuildError {
  override readonly code = 'KFM_FIELD_SPEC';
}

/** One field spec as written in configuration files. */
export interface FieldSpec {
  group?: string;
  version?: string;
  kind?: string;
  path: string;
  create?: boolean;
}

/** A field spec with its path split once. */
export interface ParsedFieldSpec extends FieldSpec {
  parts: string[];
  /** Which parts were marked as lists (`name[]`): a list is never created where missing. */
  lists?: boolean[];
}

/**
 * Splits `path` at `sep`, except inside `[...]` groups and where `sep` is escaped with a backslash:
 * the one splitter behind field-spec paths (`/`) and replacement paths (`.`).
 */
export function splitOutsideBrackets(path: string, sep: '/' | '.'): string[] {
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '\\' && path[i + 1] === sep) { cur += sep; i++; continue; }
    if (c === '[') depth++;
    else if (c === ']') depth--;
    if (c === sep && depth === 0) { parts.push(cur); cur = ''; continue; }
    cur += c;
  }
  parts.push(cur);
  return parts;
}

/** Splits a field path at `/`, keeping `[...]` groups whole and dropping `[]` list markers. */
export function splitPath(path: string, keepListMarks = false): string[] {
  const kept = splitOutsideBrackets(path, '/').filter((p) => p !== '');
  return keepListMarks ? kept : kept.map((p) => (p.endsWith('[]') ? p.slice(0, -2) : p));
}

export function parseSpec(s: FieldSpec): ParsedFieldSpec {
  const raw = splitPath(s.path, true);
  return { ...s, parts: raw.map((p) => (p.endsWith('[]') ? p.slice(0, -2) : p)), lists: raw.map((p) => p.endsWith('[]')) };
}

/** True when the spec applies to resources of this gvk (blank selector fields match all). */
export function specMatches(s: FieldSpec, gvk: Gvk): boolean {
  return (!s.kind || s.kind === gvk.kind) && (!s.group || s.group === gvk.group) && (!s.version || s.version === gvk.version);
}

/**
 * The specs of `specs` that match a kind, in their order, found once per kind: a pass over every
 * resource asks for a few dozen kinds, each against a table of up to a hundred specs. Made for one
 * pass (the tables grow while a build goes on).
 */
export function specsForKind<S extends FieldSpec>(specs: S[]): (gvk: Gvk) => S[] {
  const known = new Map<string, S[]>();
  return (gvk) => {
    const key = `${gvk.group}\0${gvk.version}\0${gvk.kind}`;
    let out = known.get(key);
    if (!out) known.set(key, (out = specs.filter((s) => specMatches(s, gvk))));
    return out;
  };
}

/**
 * Visits every place the spec names in `obj`: `visit(parent, key)` is called with the mapping that
 * holds (or, with `create`, will hold) the last path element. Missing intermediate maps are created
 * only when `create` is set; lists are fanned out.
 */
export function walkSpec(
  obj: YMap, parts: string[], create: boolean, visit: (parent: YMap, key: string) => void,
): void {
  walk(obj, parts, 0, create, visit);
}

// Not transform/replacements.ts valueAt: a field spec fans out over every list entry and selects none.
function walk(
  node: Value, parts: string[], i: number, create: boolean, visit: (p: YMap, k: string) => void, lists?: boolean[],
): void {
  if (Array.isArray(node)) {
    for (const el of node) walk(el, parts, i, create, visit, lists);
    return;
  }
  if (!isMap(node)) return;
  const key = parts[i];
  if (i === parts.length - 1) {
    if (key in node || create) visit(node, key);
    return;
  }
  let next = node[key];
  if (next === undefined || next === null) {
    if (!create || lists?.[i]) return;
    next = newMap();
    node[key] = next;
  }
  if (typeof next !== 'object') {
    throw new FieldSpecError(
      `field '${parts.join('/')}': expected a list or map at '${parts.slice(0, i + 1).join('/')}', found ${typeof next} '${String(next)}'`,
    );
  }
  walk(next, parts, i + 1, create, visit, lists);
}

/** {@link walkSpec} on a resource; a path error names the resource and the file it came from. */
export function walkResource(
  r: Resource, s: ParsedFieldSpec, create: boolean, visit: (parent: YMap, key: string) => void,
): void {
  try {
    walk(r.obj, s.parts, 0, create, visit, s.lists);
  } catch (e) {
    if (e instanceof FieldSpecError) {
      throw new BuildError(`${idText(r.id())}: ${e.reason}`, { file: r.source });
    }
    throw e;
  }
}

/** Parses a YAML-shaped table (`{ name: FieldSpec[] }`) into parsed specs. */
export function parseTable(specs: FieldSpec[]): ParsedFieldSpec[] {
  return specs.map(parseSpec);
}
