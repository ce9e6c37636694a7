/**
 * Strategic merge as kustomize does it: maps merge field by field, `null` deletes a field, lists
 * merge by key where the schema says so (patch elements first, then the untouched originals) and are
 * replaced otherwise, `$patch: replace|delete|merge` directives on maps and list elements. Other
 * directives (`$setElementOrder`, `$retainKeys`, `$deleteFromPrimitiveList`) are not understood by
 * kustomize either: they pass through as ordinary fields, as in the reference.
 */
import type { Value, YMap } from '../yaml/index.js';
import type { Gvk } from '../resource/index.js';
import { builtinMergeSchema, type MergeSchema, type SchemaNode, type FieldFacts } from './schema.js';
import { copyValue, isMap, newMap } from '../yaml/map.js';
import { BuildError } from '../errors.js';

/** Returned by a merge that deletes the value it merged into. */
export const DELETED: unique symbol = Symbol('deleted');
type Merged = Value | typeof DELETED;

const DIRECTIVE = '$patch';

const copy = copyValue;

/**
 * Merges `patch` into `base` (neither is modified) for an object of kind `gvk`. Returns the merged
 * object, or {@link DELETED} when the patch deletes it (`$patch: delete` at the top).
 */
export function strategicMerge(base: YMap, patch: YMap, gvk: Gvk, schema: MergeSchema = builtinMergeSchema()): YMap | typeof DELETED {
  // kustomize ignores a whole-object `$patch: replace`: the object stays as it was.
  if (patch[DIRECTIVE] === 'replace') return copy(base);
  // The path of the field being merged, for messages: one per merge, pushed and popped on the way.
  const out = mergeMap(copy(base), patch, schema.root(gvk), []);
  return out === DELETED ? DELETED : (out as YMap);
}

/** A patch value of another kind (map, list, scalar) than the value it meets. */
export class MergeKindError extends BuildError {
  override readonly code = 'KFM_MERGE_KIND';
  constructor(readonly path: string, readonly has: string, readonly patch: string) {
    super(`at ${path}: the resource has ${has}, the patch ${patch}`);
  }
}

function kindOf(v: Value): string {
  return Array.isArray(v) ? 'a list' : isMap(v) ? 'a mapping' : 'a scalar';
}

/** Merges a patch map into `dest` (which it may modify). */
function mergeMap(dest: Value | undefined, patch: YMap, node: SchemaNode | undefined, trail: string[]): Merged {
  const directive = patch[DIRECTIVE];
  if (directive === 'delete') return DELETED;
  if (directive === 'replace') return mergeMap(newMap(), withoutDirective(patch), node, trail);
  const target: YMap = isMap(dest) ? dest : newMap();
  for (const [k, pv] of Object.entries(patch)) {
    if (k === DIRECTIVE) continue;
    if (pv === null) {
      delete target[k];
      continue;
    }
    trail.push(k);
    const merged = mergeField(target[k], pv, node, k, trail);
    trail.pop();
    if (merged === DELETED) delete target[k];
    else target[k] = merged;
  }
  return target;
}

function withoutDirective(m: YMap): YMap {
  const out = newMap();
  for (const [k, v] of Object.entries(m)) if (k !== DIRECTIVE) out[k] = v;
  return out;
}

/** Merges the patch value of field `name` into the current value. */
function mergeField(cur: Value | undefined, pv: Value, node: SchemaNode | undefined, name: string, trail: string[]): Merged {
  if (cur !== undefined && cur !== null && kindOf(cur) !== kindOf(pv)) {
    throw new MergeKindError(trail.join('.').replaceAll('.[', '['), kindOf(cur), `gives ${kindOf(pv)}`);
  }
  if (isMap(pv)) {
    const child = node?.child(name);
    if (!isMap(cur)) {
      // A new map keeps its place even when all it held were deletions: `{}` is left, as in kustomize.
      return mergeMap(newMap(), pv, child, trail);
    }
    return mergeMap(cur, pv, child, trail);
  }
  if (Array.isArray(pv)) {
    const facts = node?.list(name);
    if (!facts) return copy(pv);
    const base = Array.isArray(cur) ? cur : [];
    if (facts.set) return mergeSet(base, pv);
    return mergeKeyedList(base, pv, facts, node?.child(name), trail);
  }
  return pv;
}

/** A primitive list merged as a set: the patch's values first, then the others in their order. */
function mergeSet(base: Value[], patch: Value[]): Value[] {
  const out: Value[] = [];
  const seen = new Set<string>();
  for (const v of [...patch, ...base]) {
    const k = JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(copy(v));
  }
  return out;
}

function keyText(v: Value | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The identity of a list element under `keys` (missing keys count as ''). */
function identity(el: YMap, keys: string[]): string {
  return keys.map((k) => keyText(el[k]) ?? '').join('\u0000');
}

/** True when the element has any of the secondary keys. */
function hasSecondary(el: Value, keys: string[]): boolean {
  return isMap(el) && keys.slice(1).some((k) => el[k] !== undefined && el[k] !== null);
}

/** A list of maps merged element by element, matched by `facts.keys`. */
function mergeKeyedList(base: Value[], patch: Value[], facts: FieldFacts, child: SchemaNode | undefined, trail: string[]): Value[] {
  const keys = facts.keys!;
  const isReplaceMarker = (p: Value) => isMap(p) && p[DIRECTIVE] === 'replace' && Object.keys(p).length === 1;
  // Elements that carry `$patch: replace` next to other fields are ignored, as in kustomize.
  patch = patch.filter((p) => isReplaceMarker(p) || !(isMap(p) && p[DIRECTIVE] === 'replace'));
  if (patch.some(isReplaceMarker)) {
    const out: Value[] = [];
    for (const p of patch) {
      if (!isMap(p) || isReplaceMarker(p)) continue;
      const m = mergeMap(newMap(), p, child, trail);
      if (m !== DELETED) out.push(m);
    }
    return out;
  }
  // A patch element without the merge key makes kustomize drop the originals: the list becomes
  // the patch's keyed elements.
  if (patch.some((p) => isMap(p) && keyText(p[keys[0]]) === undefined)) {
    const out: Value[] = [];
    for (const p of patch) {
      if (!isMap(p) || keyText(p[keys[0]]) === undefined) continue;
      const m = mergeMap(newMap(), p, child, trail);
      if (m !== DELETED) out.push(m);
    }
    return out;
  }
  const multi = keys.length > 1 && [...base, ...patch].some((e) => hasSecondary(e, keys));
  return multi ? mergeMultiKey(base, patch, keys, child, trail) : mergeSingleKey(base, patch, keys[0], child, trail);
}

/**
 * One merge key (or several keys none of which but the first is used): the patch's elements
 * first, in patch order, each merged with its original; then the originals the patch left alone.
 */
function mergeSingleKey(base: Value[], patch: Value[], key: string, child: SchemaNode | undefined, trail: string[]): Value[] {
  const rest = base;
  const used = new Set<number>();
  const deleted = new Set<string>();
  const front: Value[] = [];
  const frontKeys: string[] = [];
  for (const p of patch) {
    if (!isMap(p)) continue;
    const kv = keyText(p[key]);
    if (kv === undefined) continue;
    if (p[DIRECTIVE] === 'delete') {
      deleted.add(kv);
      const fi = frontKeys.indexOf(kv);
      if (fi >= 0) { front.splice(fi, 1); frontKeys.splice(fi, 1); }
      continue;
    }
    const fi = frontKeys.indexOf(kv);
    if (fi >= 0) {
      const m = mergeMap(front[fi], p, child, trail);
      if (m === DELETED) { front.splice(fi, 1); frontKeys.splice(fi, 1); } else front[fi] = m;
      continue;
    }
    const bi = rest.findIndex((b, i) => !used.has(i) && isMap(b) && keyText(b[key]) === kv);
    if (bi >= 0) used.add(bi);
    trail.push(`[${key}=${kv}]`);
    const m = mergeMap(bi >= 0 ? copy(rest[bi]) : newMap(), p, child, trail);
    trail.pop();
    if (m === DELETED) continue;
    front.push(m);
    frontKeys.push(kv);
  }
  const tail = rest.filter((b, i) => {
    if (used.has(i)) return false;
    const kv = isMap(b) ? keyText(b[key]) : undefined;
    return !(kv !== undefined && deleted.has(kv));
  });
  return [...front, ...tail.map((b) => copy(b))];
}

/**
 * Several keys (container and service ports: port and protocol). Originals keep their places and
 * take their patch; new elements go in front, in patch order. A patch element whose first key is
 * shared with an element that differs in having the other keys at all is dropped, as kustomize does.
 */
function mergeMultiKey(base: Value[], patch: Value[], keys: string[], child: SchemaNode | undefined, trail: string[]): Value[] {
  const presence = new Map<string, Set<boolean>>();
  for (const e of [...base, ...patch]) {
    if (!isMap(e)) continue;
    const kv = keyText(e[keys[0]]);
    if (kv === undefined) continue;
    if (!presence.has(kv)) presence.set(kv, new Set());
    presence.get(kv)!.add(hasSecondary(e, keys));
  }
  const out: (Value | undefined)[] = base.map((b) => copy(b));
  const front: Value[] = [];
  const frontIds: string[] = [];
  for (const p of patch) {
    if (!isMap(p)) continue;
    const kv = keyText(p[keys[0]]);
    if (kv === undefined || presence.get(kv)!.size > 1) continue;
    const id = identity(p, keys);
    const bi = out.findIndex((b) => b !== undefined && isMap(b) && identity(b, keys) === id);
    if (p[DIRECTIVE] === 'delete') {
      if (bi >= 0) out[bi] = undefined;
      const fi = frontIds.indexOf(id);
      if (fi >= 0) { front.splice(fi, 1); frontIds.splice(fi, 1); }
      continue;
    }
    if (bi >= 0) {
      const m = mergeMap(out[bi], p, child, trail);
      out[bi] = m === DELETED ? undefined : m;
      continue;
    }
    const fi = frontIds.indexOf(id);
    const m = mergeMap(fi >= 0 ? front[fi] : newMap(), p, child, trail);
    if (fi >= 0) {
      if (m === DELETED) { front.splice(fi, 1); frontIds.splice(fi, 1); } else front[fi] = m;
    } else if (m !== DELETED) {
      front.push(m);
      frontIds.push(id);
    }
  }
  return [...front, ...out.filter((v): v is Value => v !== undefined)];
}
