/**
 * What a JSON patch makes of annotation values written plain. kustomize keeps an annotation as it
 * was written (`0o17` stays "0o17"), but a JSON patch passes the whole object through JSON first:
 * a plain value takes its YAML type there and comes back as that value's text ("15"), and an empty
 * or null one (`a:`, `~`) as "null". kfm keeps annotations as text, so the reader notes, for each
 * annotations map it reads, the values whose JSON text differs from their written text; a JSON
 * patch applies the notes to the values still as written.
 * Module-level but safe: keyed by the annotations map itself, so an entry dies with it.
 */
import type { YMap } from './scalar.js';

/** A value's written text (undefined: written empty, so kfm dropped it) and its text after JSON. */
export interface JsonText {
  written: string | undefined;
  json: string;
}

const notes = new WeakMap<YMap, Record<string, JsonText>>();

/** Notes `texts` for the annotations map `a` (nothing when there are none). */
export function noteJsonTexts(a: YMap, texts: Record<string, JsonText>): void {
  if (Object.keys(texts).length) notes.set(a, texts);
}

/** True when the reader noted JSON texts for `a`. */
export function hasJsonTexts(a: unknown): boolean {
  return a !== null && typeof a === 'object' && notes.has(a as YMap);
}

/** Hands the notes of `from` on to `to`, a copy made of it (a normalized document). */
export function carryJsonTexts(from: unknown, to: unknown): void {
  if (from === to || !hasJsonTexts(from) || to === null || typeof to !== 'object' || Array.isArray(to)) return;
  notes.set(to as YMap, notes.get(from as YMap)!);
}

/**
 * The notes of a strategic merge's result `out`: those of the object's annotations `old` (but the
 * values written empty, which kustomize's merge drops) and, over them, those of the patch's
 * annotations `patch`, whose values the merge takes with their type.
 */
export function carryMergedJsonTexts(old: unknown, patch: unknown, out: unknown): void {
  if (out === null || typeof out !== 'object' || Array.isArray(out)) return;
  const texts: Record<string, JsonText> = Object.create(null);
  const set = patch !== null && typeof patch === 'object' ? (patch as YMap) : undefined;
  for (const [k, t] of Object.entries(hasJsonTexts(old) ? notes.get(old as YMap)! : {})) {
    if (t.written !== undefined && !(set && k in set)) texts[k] = t;
  }
  if (hasJsonTexts(patch)) Object.assign(texts, notes.get(patch as YMap));
  noteJsonTexts(out as YMap, texts);
}

/**
 * Gives each value of `a` still as written its text after JSON, and puts back as "null" a value
 * written empty, as a JSON patch does; the notes are then spent.
 */
export function applyJsonTexts(a: YMap): void {
  const texts = notes.get(a);
  if (!texts) return;
  for (const [k, t] of Object.entries(texts)) {
    if (t.written === undefined ? !(k in a) : a[k] === t.written) a[k] = t.json;
  }
  notes.delete(a);
}
