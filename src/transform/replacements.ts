/**
 * replacements: copy a value from one resource field (or, as in kustomize 5.7.1, a static
 * `sourceValue`) into fields of other resources. Paths use kustomize's dotted syntax with
 * `[key=value]` list selectors, numeric indexes and `*` wildcards.
 */
import { BuildError } from '../errors.js';
import { ensureAnnotations, idKey, parseSelector, selectorMatches, type ResMap, type Resource, type ResId } from '../resource/index.js';
import { resolvePlainV3, scalarText } from '../yaml/scalar.js';
import type { Value, YMap } from '../yaml/index.js';
import { copyValue, isMap, mapOf, newMap } from '../yaml/map.js';
import { markUntagged, untaggedText } from '../yaml/untagged.js';
import { splitOutsideBrackets } from '../fieldspec/fieldspec.js';
import type { ReplacementEntry } from '../kustomization/schema.js';

/** Where an error is reported: the file and field of the replacement. */
export interface Place {
  file: string;
  field: string;
}

interface Selector {
  group?: string; version?: string; kind?: string; name?: string; namespace?: string;
  labelSelector?: string; annotationSelector?: string;
}

interface FieldOptions {
  delimiter?: string;
  index?: number;
  create?: boolean;
}

/**
 * Splits a dotted path as kustomize does: at `.`, except inside `[...]` groups and where the dot is
 * escaped (`\\.`); one leading dot is allowed (`.metadata.name`, as kubebuilder writes them).
 */
export function splitDotted(path: string): string[] {
  const out = splitOutsideBrackets(path, '.');
  if (out.length > 1 && out[0] === '') out.shift();
  return out;
}

/** The parts of a path a value is read from: kyaml's lookup trims them and skips blank ones. */
export function lookupParts(path: string): string[] {
  return splitDotted(path).map((p) => p.trim()).filter((p) => p !== '');
}

function isScalar(v: Value | undefined): boolean {
  return v === null || (typeof v !== 'object' && v !== undefined);
}

// ---------- selecting resources ----------

function nsEquals(a: string, b: string): boolean {
  const n = (s: string) => (s === 'default' ? '' : s);
  return n(a) === n(b);
}

/** kustomize's IsSelectedBy: every field the selector sets must equal the id's. */
export function idSelectedBy(id: ResId, s: Selector): boolean {
  return (!s.name || s.name === id.name) &&
    (!s.namespace || nsEquals(s.namespace, id.namespace)) &&
    (!s.group || s.group === id.group) &&
    (!s.version || s.version === id.version) &&
    (!s.kind || s.kind === id.kind);
}

/**
 * The ids a resource answers to: its current one plus those earlier steps renamed it from. A rename
 * made by a replacement in this same step leaves no trace (kustomize records none for it).
 */
function allIds(r: Resource): ResId[] {
  const cur = r.id();
  const last = r.ids[r.ids.length - 1];
  if (idKey(cur) !== idKey(last)) return [cur];
  return [cur, ...r.ids];
}

function metaMap(r: Resource, key: 'labels' | 'annotations'): YMap | undefined {
  const md = r.obj.metadata;
  if (!isMap(md)) return undefined;
  const v = md[key];
  return isMap(v) ? v : undefined;
}

function matchesMetaSelectors(r: Resource, s: Selector, place: Place): boolean {
  if (s.labelSelector && !selectorMatches(parseSelector(s.labelSelector, place), metaMap(r, 'labels'))) return false;
  if (s.annotationSelector && !selectorMatches(parseSelector(s.annotationSelector, place), metaMap(r, 'annotations'))) return false;
  return true;
}

function idFieldsEmpty(s: Selector): boolean {
  return !s.group && !s.version && !s.kind && !s.name && !s.namespace;
}

function selectorText(s: Selector): string {
  return Object.entries(s).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${String(v)}`).join(', ') || '(empty)';
}

// ---------- path lookup ----------

type Create = 'no' | 'yes';

/** A located field: its holder and key (or index). */
interface Slot {
  holder: YMap | Value[];
  key: string | number;
  /** Set when the walk created this field: the text the new (untyped) node starts with. */
  fresh?: string;
}

function listEntry(part: string): { key: string; value: string } | undefined {
  if (!part.startsWith('[') || !part.endsWith(']')) return undefined;
  const inner = part.slice(1, -1);
  const eq = inner.indexOf('=');
  if (eq < 0) return undefined;
  return { key: inner.slice(0, eq), value: inner.slice(eq + 1) };
}

/**
 * Finds every slot `parts` names under `node`. With `create`, missing maps and list entries
 * (`[k=v]`) are made on the way and `leaf` makes a missing last field. A path that treats a map as
 * a list (or the reverse) goes to `fail`, as does, with `scalarsFail`, one running into a scalar.
 */
function findSlots(
  node: Value, parts: string[], create: Create, leaf: () => Value,
  fail?: (why: string) => never, scalarsFail = false,
): Slot[] & { stoppedAtNull?: boolean } {
  const out: Slot[] & { stoppedAtNull?: boolean } = [];
  const wrong = (want: string, got: string, part: string) =>
    fail?.(`wrong node kind at '${part}': expected a ${want} but found a ${got}`);
  const go = (n: Value, i: number, holder: Slot | undefined) => {
    if (i === parts.length) {
      if (holder) out.push(holder);
      return;
    }
    const part = parts[i];
    const last = i === parts.length - 1;
    const made = (): Value => {
      if (last) return leaf();
      const next = parts[i + 1];
      return listEntry(next) || next === '*' || /^\d+$/.test(next) ? [] : newMap();
    };
    if (Array.isArray(n)) {
      if (part === '*') {
        n.forEach((_, j) => go(n[j], i + 1, { holder: n, key: j }));
        return;
      }
      const le = listEntry(part);
      if (le) {
        let found = false;
        n.forEach((el, j) => {
          const hit = le.key === '' ? isScalar(el) && scalarText(el) === le.value
            : isMap(el) && le.key in el && isScalar(el[le.key]) && scalarText(el[le.key]) === le.value;
          if (hit) { found = true; go(n[j], i + 1, { holder: n, key: j }); }
        });
        if (!found && create === 'yes') {
          const el: Value = le.key === '' ? le.value : mapOf({ [le.key]: le.value });
          n.push(el);
          go(el, i + 1, { holder: n, key: n.length - 1, fresh: le.key === '' ? le.value : undefined });
        }
        return;
      }
      if (/^\d+$/.test(part)) {
        const j = Number(part);
        if (j < n.length) go(n[j], i + 1, { holder: n, key: j });
        // Only an index one past the end creates (an append).
        else if (j === n.length && create === 'yes') {
          n.push(made());
          go(n[j], i + 1, { holder: n, key: j, fresh: last ? '' : undefined });
        }
        return;
      }
      wrong('map', 'list', part);
      return;
    }
    if (!isMap(n)) {
      // Only a source lookup stops with an error on a scalar in the middle of its path.
      if (n !== null && scalarsFail) wrong('map', 'scalar', part);
      return;
    }
    if (part === '*' || listEntry(part) || /^\d+$/.test(part)) {
      wrong('list', 'map', part);
      return;
    }
    // `[a.b/c]` names a map key holding dots or slashes.
    const key = part.startsWith('[') && part.endsWith(']') && !part.includes('=') ? part.slice(1, -1) : part;
    let v = n[key];
    if (v === undefined) {
      if (create !== 'yes') return;
      v = made();
      n[key] = v;
      go(v, i + 1, { holder: n, key, fresh: last ? '' : undefined });
      return;
    } else if (v === null && !last && create === 'yes') {
      // kustomize creates nothing below a field that is there with a null value, and says nothing.
      out.stoppedAtNull = true;
      return;
    }
    go(v, i + 1, { holder: n, key });
  };
  go(node, 0, undefined);
  return out;
}

/**
 * The value at a path of parts (the first, where a `[k=v]` part matches several), or undefined:
 * the one reader of a value by path for replacements and legacy vars alike.
 */
export function valueAt(node: Value, parts: string[]): Value | undefined {
  const slots = findSlots(node, parts, 'no', () => null);
  return slots.length ? getSlot(slots[0]) : undefined;
}

function getSlot(s: Slot): Value {
  return (s.holder as Record<string | number, Value>)[s.key];
}

function setSlot(s: Slot, v: Value): void {
  (s.holder as Record<string | number, Value>)[s.key] = v;
}

// ---------- the transformer ----------

/** One replacement as written (after reading `path` files). */
export type Replacement = ReplacementEntry;

/** The value a replacement copies: its source field (refined by delimiter/index) or its sourceValue. */
function sourceValue(m: ResMap, rep: Replacement, place: Place): Value {
  if (rep.sourceValue !== undefined) {
    if (rep.source) throw new BuildError('a replacement may have a source or a sourceValue, not both', place);
    if (typeof rep.sourceValue !== 'string') throw new BuildError('sourceValue must be a string (quote it)', place);
    return rep.sourceValue;
  }
  const src = rep.source;
  if (!src) throw new BuildError('a replacement needs a source (or a sourceValue)', place);
  const matches = m.all().filter((r) => allIds(r).some((id) => idSelectedBy(id, src)));
  if (matches.length === 0) throw new BuildError(`nothing selected by source ${selectorText(src)}`, place);
  if (matches.length > 1) throw new BuildError(`more than one resource matches source ${selectorText(src)}`, place);
  const fieldPath = src.fieldPath || 'metadata.name';
  const slots = findSlots(matches[0].obj, lookupParts(fieldPath), 'no', () => null, (why) => {
    throw new BuildError(`error looking up replacement source field '${fieldPath}': ${why}`, place);
  }, true);
  const v = slots.length ? getSlot(slots[0]) : undefined;
  const empty = v === undefined || v === null || (Array.isArray(v) && !v.length) || (isMap(v) && !Object.keys(v).length);
  if (empty) throw new BuildError(`fieldPath '${fieldPath}' is missing for replacement source ${selectorText(src)}`, place);
  const o = src.options;
  if (!o?.delimiter) return copyValue(v);
  if (!isScalar(v)) throw new BuildError('delimiter option can only be used with scalar nodes', place);
  const pieces = scalarText(v).split(o.delimiter);
  const idx = o.index ?? 0;
  if (idx < 0 || idx >= pieces.length) {
    throw new BuildError(`options.index ${idx} is out of bounds for value ${scalarText(v)}`, place);
  }
  return pieces[idx];
}

/** kustomize keeps a scalar target's type and only copies the text; a text the type cannot hold fails. */
function retype(target: Value, text: string, place: Place): Value {
  if (typeof target === 'string') return text;
  const v = resolvePlainV3(text);
  const bad = () => new BuildError(`cannot put '${text}' into a field of type ${target === null ? 'null' : typeof target}`, place);
  if (typeof target === 'boolean') {
    if (typeof v !== 'boolean') throw bad();
    return v;
  }
  if (typeof target === 'number' || typeof target === 'bigint') {
    const intTarget = typeof target === 'bigint' || Number.isInteger(target);
    if (typeof v === 'bigint') return v;
    if (typeof v === 'number' && (!intTarget || Number.isInteger(v))) return v;
    throw bad();
  }
  if (target === null) {
    if (v === null) return null;
    throw bad();
  }
  return text;
}

/** Puts `text` in piece `index` of `whole` split at `delimiter` (before all if < 0, after all if past the end). */
function splice(whole: string, text: string, delimiter: string, index: number): string {
  const parts = whole.split(delimiter);
  if (index < 0) parts.unshift(text);
  else if (index >= parts.length) parts.push(text);
  else parts[index] = text;
  return parts.join(delimiter);
}

/**
 * Puts a replacement's value into a slot. `annotation` says the slot is an annotation value:
 * kustomize rewrites a target's annotations as a string map afterwards, so a created annotation
 * keeps the source's text (`"+1"` stays `"+1"`) and a map or list becomes `""`.
 */
function setValue(slot: Slot, value: Value, o: FieldOptions | undefined, place: Place, annotation: boolean): void {
  if (slot.fresh !== undefined && annotation) {
    setSlot(slot, o?.delimiter ? splice(slot.fresh, scalarText(value), o.delimiter, o.index ?? 0) : isScalar(value) ? scalarText(value) : '');
    return;
  }
  if (slot.fresh !== undefined && isScalar(value)) {
    // A created node has no type of its own: the final text is read as plain YAML.
    const text = o?.delimiter ? splice(slot.fresh, scalarText(value), o.delimiter, o.index ?? 0) : scalarText(value);
    setSlot(slot, resolvePlainV3(text));
    markUntagged(slot.holder, slot.key, text);
    return;
  }
  const cur = getSlot(slot);
  let v: Value = copyValue(value);
  if (o?.delimiter) {
    if (!isScalar(cur)) throw new BuildError('delimiter option can only be used with scalar nodes', place);
    v = splice(scalarText(cur), scalarText(v), o.delimiter, o.index ?? 0);
  }
  const text = isScalar(v) ? scalarText(v) : '';
  if (isScalar(cur) && untaggedText(slot.holder, slot.key) !== undefined) {
    setSlot(slot, resolvePlainV3(text));
    markUntagged(slot.holder, slot.key, text);
  }
  else if (isScalar(cur)) setSlot(slot, retype(cur, text, place));
  else setSlot(slot, v);
}

function applyOne(m: ResMap, rep: Replacement, place: Place): void {
  const value = sourceValue(m, rep, place);
  for (const [ti, t] of (rep.targets ?? []).entries()) {
    const tplace = { ...place, field: `${place.field}.targets[${ti}]` };
    if (!t.select) throw new BuildError('target must specify resources to select', tplace);
    const paths = t.fieldPaths?.length ? t.fieldPaths : ['metadata.name'];
    const create: Create = t.options?.create ? 'yes' : 'no';
    for (const r of m.all()) {
      if (!matchesMetaSelectors(r, t.select, tplace)) continue;
      const rejected = (t.reject ?? []).some((rj) => (rj.labelSelector || rj.annotationSelector) && matchesMetaSelectors(r, rj, tplace));
      if (rejected) continue;
      const ids = allIds(r);
      // A resource is rejected when any of its ids, current or previous, is.
      const hit = ids.some((id) => idSelectedBy(id, t.select!)) &&
        !ids.some((id) => (t.reject ?? []).some((rj) => !idFieldsEmpty(rj) && idSelectedBy(id, rj)));
      if (!hit) continue;
      ensureAnnotations(r.obj);
      for (const fp of paths) {
        const leaf = (): Value => (isScalar(value) ? '' : copyValue(value));
        const what = create === 'yes' ? `unable to find or create field "${fp}" in replacement target` : `unable to find field "${fp}" in replacement target`;
        const parts = splitDotted(fp);
        // With create, kustomize ignores trailing dots; a blank part anywhere else matches nothing.
        while (create === 'yes' && parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
        if (parts.includes('')) throw new BuildError(what, { ...tplace, detail: `target ${r.kind} ${r.name}` });
        const slots = findSlots(r.obj, parts, create, leaf, (why) => {
          throw new BuildError(`${what}: ${why}`, { ...tplace, detail: `target ${r.kind} ${r.name}` });
        });
        if (!slots.length && !slots.stoppedAtNull) {
          throw new BuildError(what, { ...tplace, detail: `target ${r.kind} ${r.name}` });
        }
        const annotations = isMap(r.obj.metadata) ? r.obj.metadata.annotations : undefined;
        for (const s of slots) setValue(s, value, t.options, tplace, s.holder === annotations);
      }
    }
  }
}


/** Applies replacements in order (each sees the results of the ones before). */
export function applyReplacements(m: ResMap, reps: { rep: Replacement; place: Place }[]): void {
  for (const { rep, place } of reps) applyOne(m, rep, place);
}
