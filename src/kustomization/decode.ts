/**
 * Go's JSON decoding rules, as kustomize applies them to a kustomization file and to the configs of
 * most builtin plugins: the YAML is turned into JSON (whose mapping keys come out sorted) and read
 * into Go structs. This layer walks a raw value along a zod schema and returns what Go would have
 * decoded, so that the schema then only has to check types:
 *
 * - field names match case-insensitively (an exact match first, then Go's case folding);
 * - keys are applied in byte order, and a later key for the same field decodes into the value an
 *   earlier one left: a string is replaced, a map gains keys, a struct gains fields, a list element
 *   decodes into the element at the same index (so `Images:` and `images:` mix element by element,
 *   as they do in the reference);
 * - `null` leaves a scalar field as it was and clears a list, map or struct field; a `null` list
 *   element or map value is the zero value of its type (`''`, `0`, `false`, an empty struct).
 *
 * Keys that match no field are kept for the schema to report (strict objects) or dropped (loose
 * objects, as plugin configs decoded without strictness). Values of the wrong type pass through
 * unchanged, for the schema to report.
 */
import type { z } from 'zod';
import { scalarText } from '../yaml/scalar.js';
import { isMap } from '../yaml/map.js';

/** The parts of a zod definition this walk reads. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  let def = (schema as unknown as { def: Def }).def;
  while ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType) {
    def = (def.innerType as unknown as { def: Def }).def;
  }
  return def;
}

/**
 * Go's case folding of a field name (encoding/json's foldName): ASCII letters fold to upper case,
 * and the two non-ASCII runes whose fold set holds an ASCII letter (U+017F long s, U+212A Kelvin
 * sign) fold to that letter. Other runes cannot match an ASCII field name, so they stay.
 */
export function goFoldName(name: string): string {
  let out = '';
  for (const c of name) {
    if (c === '\u017f') out += 'S';
    else if (c === '\u212a') out += 'K';
    else if (c < '\u0080') out += c.toUpperCase();
    else out += c;
  }
  return out;
}

/** Keys in the order Go's JSON encoder writes a map: by their UTF-8 bytes. */
function byteOrder(keys: string[]): string[] {
  return keys
    .map((k) => ({ k, b: Buffer.from(k, 'utf8') }))
    .sort((x, y) => Buffer.compare(x.b, y.b))
    .map((x) => x.k);
}

const fieldIndexes = new WeakMap<object, { exact: Map<string, string>; folded: Map<string, string> }>();

function fieldIndex(shape: Record<string, z.ZodType>): { exact: Map<string, string>; folded: Map<string, string> } {
  let idx = fieldIndexes.get(shape);
  if (!idx) {
    idx = { exact: new Map(), folded: new Map() };
    for (const name of Object.keys(shape)) {
      idx.exact.set(name, name);
      if (!idx.folded.has(goFoldName(name))) idx.folded.set(goFoldName(name), name);
    }
    fieldIndexes.set(shape, idx);
  }
  return idx;
}

/** Sets a key taken from input as an own property (a key `__proto__` must not reach the prototype). */
function put(m: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(m, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The zero value Go gives an element or map value decoded from `null`. */
function zero(schema: z.ZodType, cur: unknown): unknown {
  switch (defOf(schema).type) {
    case 'string':
    case 'enum':
      return typeof cur === 'string' ? cur : '';
    case 'number':
      return typeof cur === 'number' ? cur : 0;
    case 'boolean':
      return typeof cur === 'boolean' ? cur : false;
    case 'object':
      return isMap(cur) ? cur : {};
    default:
      return undefined;
  }
}

/** Options of {@link goDecode}. */
export interface GoDecodeOptions {
  /**
   * Match field names case-insensitively (Go's encoding/json, used by sigs.k8s.io/yaml). False for
   * the few plugin configs kustomize reads with a YAML decoder, which matches names exactly.
   */
  fold?: boolean;
  /** Drop keys that match no field even where the schema is strict (Go's lenient decoding). */
  dropUnknown?: boolean;
  /**
   * A number or boolean where a string is wanted becomes its text, as sigs.k8s.io/yaml's typed
   * decoding (and go-yaml v3) do for plugin configs; the kustomization file itself gets no such help.
   */
  scalarsAsText?: boolean;
}

/** Decodes `raw` along `schema` with Go's JSON rules (see the module comment). */
export function goDecode(raw: unknown, schema: z.ZodType, options: GoDecodeOptions = {}): unknown {
  const fold = options.fold ?? true;
  const dropUnknown = options.dropUnknown ?? false;
  const asText = (v: unknown): unknown =>
    options.scalarsAsText && (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') ? scalarText(v) : v;
  const decode = (v: unknown, s: z.ZodType, cur: unknown): unknown => {
    const def = defOf(s);
    if (v === null) {
      // A scalar field keeps what it had; lists, maps, structs and interfaces become nil.
      return ['string', 'enum', 'number', 'boolean'].includes(def.type) ? cur : undefined;
    }
    switch (def.type) {
      case 'object': {
        if (!isMap(v) || !def.shape) return v;
        const idx = fieldIndex(def.shape);
        const strict = !dropUnknown && def.catchall !== undefined && defOf(def.catchall).type === 'never';
        const out: Record<string, unknown> = isMap(cur) ? { ...cur } : {};
        for (const key of byteOrder(Object.keys(v))) {
          const name = idx.exact.get(key) ?? (fold ? idx.folded.get(goFoldName(key)) : undefined);
          if (name === undefined) {
            if (strict) put(out, key, v[key]);
            continue;
          }
          const got = decode(v[key], def.shape[name], out[name]);
          if (got === undefined) delete out[name];
          else out[name] = got;
        }
        return out;
      }
      case 'array': {
        if (!Array.isArray(v) || !def.element) return v;
        const el = def.element;
        const before = Array.isArray(cur) ? cur : [];
        return v.map((x, i) => (x === null ? zero(el, before[i]) : decode(x, el, before[i])));
      }
      case 'record': {
        if (!isMap(v) || !def.valueType) return v;
        const vt = def.valueType;
        const out: Record<string, unknown> = isMap(cur) ? { ...cur } : {};
        for (const key of byteOrder(Object.keys(v))) put(out, key, v[key] === null ? zero(vt, undefined) : decode(v[key], vt, undefined));
        return out;
      }
      case 'string':
        return asText(v);
      default:
        return v;
    }
  };
  return decode(raw, schema, undefined);
}
