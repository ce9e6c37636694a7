/**
 * Mappings that hold keys from user input. In Go every key is ordinary data; in JavaScript a plain
 * object inherits `__proto__`, `constructor`, `toString`... so a key such as `__proto__` would read
 * the prototype, and writing it would change the prototype (of every object, through a merge).
 * Every mapping kfm builds from input therefore has no prototype: reads and writes of any key,
 * `in` and `Object.keys` then only ever see the object's own data.
 */
import type { Value, YMap } from './scalar.js';

/** An empty mapping without a prototype. */
export function newMap(): YMap {
  return Object.create(null) as YMap;
}

/** A prototype-less mapping holding the own enumerable entries of `parts`, later ones winning. */
export function mapOf(...parts: (object | undefined | null)[]): YMap {
  const out = newMap();
  for (const p of parts) {
    if (!p) continue;
    for (const k of Object.keys(p)) out[k] = (p as YMap)[k];
  }
  return out;
}

/** True when `m` has its own key `k` (never an inherited one). */
export function hasKey(m: object, k: string): boolean {
  return Object.hasOwn(m, k);
}

/**
 * A deep copy in which every mapping is prototype-less, whatever the input's objects were (parsed
 * JSON, a library's result). Iterative: nesting depth is bounded by memory, not by the call stack.
 */
export function copyValue<T extends Value>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  const root = (Array.isArray(v) ? new Array(v.length) : newMap()) as Value;
  const stack: [Value, Value][] = [[v, root]];
  while (stack.length) {
    const [src, dst] = stack.pop()!;
    if (Array.isArray(src)) {
      const d = dst as Value[];
      for (let i = 0; i < src.length; i++) d[i] = child(src[i], stack);
    } else {
      const d = dst as YMap;
      const s = src as YMap;
      for (const k of Object.keys(s)) d[k] = child(s[k], stack);
    }
  }
  return root as T;
}

function child(x: Value, stack: [Value, Value][]): Value {
  if (x === null || typeof x !== 'object') return x;
  const c = (Array.isArray(x) ? new Array(x.length) : newMap()) as Value;
  stack.push([x, c]);
  return c;
}

/** True for a mapping: an object that is neither null nor a list. */
export function isMap(v: unknown): v is YMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
