/**
 * The content-hash name suffix of generated ConfigMaps and Secrets, applied at the top of a build.
 * kustomize hashes a canonical JSON encoding (Go's encoding/json: sorted keys, HTML-safe escapes)
 * of a few fields of the final object; the object's name is not among them (it always reads as
 * empty), so equal content gives equal suffixes whatever the name.
 */
import { createHash } from 'node:crypto';
import type { ResMap } from '../resource/index.js';
import type { Value, YMap } from '../yaml/index.js';
import { isMap } from '../yaml/map.js';

// What Go's encoder escapes: quotes, backslashes, control characters, HTML-sensitive characters,
// the line and paragraph separators, and lone surrogates (invalid UTF-8, written as U+FFFD).
const GO_ESCAPED = /["\\\u0000-\u001f<>&\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/**
 * Go's json.Marshal string escaping (HTML-safe, \b and \f short forms as in Go >= 1.22). One regular
 * expression pass: generated values can be tens of megabytes.
 */
function goString(s: string): string {
  return '"' + s.replace(GO_ESCAPED, (ch) => {
    if (Object.hasOwn(SHORT, ch)) return SHORT[ch];
    const c = ch.charCodeAt(0);
    if (c >= 0xd800 && c <= 0xdfff) return '\ufffd';
    return '\\u' + c.toString(16).padStart(4, '0');
  }) + '"';
}

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Go's json.Marshal of a value decoded into interface{} (maps with sorted keys). */
export function goJson(v: Value | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return Number(v).toString();
  if (typeof v === 'number') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(goJson).join(',') + ']';
  const keys = Object.keys(v).sort(byteCompare);
  return '{' + keys.map((k) => goString(k) + ':' + goJson((v as YMap)[k])).join(',') + '}';
}

/** A scalar or map field as kustomize reads it for hashing: missing reads as "". */
function field(obj: YMap, key: string): Value {
  const v = obj[key];
  return v === undefined || v === null ? '' : v;
}

/** The text kustomize hashes for an object. */
export function hashInput(obj: YMap): string {
  if (obj.kind === 'ConfigMap') {
    const m: YMap = { kind: 'ConfigMap', name: '', data: field(obj, 'data') };
    if (isMap(obj.binaryData)) m.binaryData = obj.binaryData;
    return goJson(m);
  }
  if (obj.kind === 'Secret') {
    const m: YMap = { kind: 'Secret', type: field(obj, 'type'), name: '', data: field(obj, 'data') };
    if (isMap(obj.stringData)) m.stringData = obj.stringData;
    return goJson(m);
  }
  return goJson(obj);
}

/** kustomize's 10-character suffix: sha256 hex, first 10, with vowels and look-alikes remapped. */
export function nameHash(obj: YMap): string {
  const hex = createHash('sha256').update(hashInput(obj), 'utf8').digest('hex').slice(0, 10);
  return hex.replace(/[013ae]/g, (c) => ({ '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' })[c]!);
}

/** Appends `-<hash>` to the names of generated objects that ask for it. */
export function applyNameHashes(m: ResMap): void {
  for (const r of m.all()) {
    if (!r.generated?.hashSuffix) continue;
    const md = r.metadata();
    md.name = `${md.name}-${nameHash(r.obj)}`;
  }
}
