/**
 * Mappings that hold keys from user input. In Go every key is ordinary data; in JavaScript a plain
 * object inherits `__proto__`, `constructor`, `toString`... so a key such as `__proto__` would read
 * the prototype, and writing it would change the prototype (of every object, through a merge).
 * Every mapping kfm builds from input therefore inherits nothing: reads and writes of any key,
 * `in` and `Object.keys` then only ever see the object's own data.
 */
import type { Value, YMap } from './scalar.js';

/**
 * The prototype of every mapping: an empty, frozen object with no prototype of its own. A mapping
 * then inherits nothing (no `__proto__` accessor, no `constructor`), as if it had no prototype,
 * but V8 keeps it in fast mode: an object made by `Object.create(null)` is a hash table from the
 * start, slower to fill, read and list (a cold build of the Kubeflow tree spent about a tenth of
 * its time more in such reads and writes).
 */
const MAPPING = Object.freeze(Object.create(null) as object);

/** The constructor of mappings (see {@link MAPPING}). */
const Mapping = function Mapping() {} as unknown as new () => YMap;
(Mapping as unknown as { prototype: object }).prototype = MAPPING;

/**
 * A value read by JSON.parse (whose objects inherit Object.prototype) with every object made a
 * mapping like those {@link newMap} makes; arrays are kept and filled in place.
 *
 * The objects are copied, not given the mappings' prototype: objects whose prototype was set after
 * they were made get hidden classes of their own, which V8 does not reuse once a garbage collection
 * has run, so a large build read from the parse cache had thousands of shapes for a few dozen and
 * its property reads fell back to slow lookups (the 20,000-resource bench tree, one file changed:
 * 3.3 s, slower than a build without the cache; 2.6 s with the copy). Recursive, as a loop with a
 * stack is about a third slower here: a value nested too deeply for the call stack is copied by
 * {@link copyValue} instead.
 */
export function mappingsFromJson<T extends Value>(v: T): T {
  try {
    return fromJson(v) as T;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return copyValue(v);
  }
}

function fromJson(v: Value): Value {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x !== null && typeof x === 'object') v[i] = fromJson(x);
    }
    return v;
  }
  const m = new Mapping();
  // JSON.parse makes own keys only (`__proto__` too), and Object.prototype has no enumerable ones.
  for (const k in v) {
    const x = v[k];
    m[k] = x !== null && typeof x === 'object' ? fromJson(x) : x;
  }
  return m;
}

/** An empty mapping that inherits nothing. */
export function newMap(): YMap {
  return new Mapping();
}

/** A mapping (see {@link newMap}) holding the own enumerable entries of `parts`, later ones winning. */
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
 * A deep copy in which every mapping is one {@link newMap} makes, whatever the input's objects
 * were (parsed JSON, a library's result). Iterative: nesting depth is bounded by memory, not by
 * the call stack.
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
