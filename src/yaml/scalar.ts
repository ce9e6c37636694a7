/**
 * Scalar rules. kustomize reads YAML with go-yaml v3 semantics, turns every resource into JSON and
 * re-emits it with go-yaml v2. So a value's type comes from the v3 rules (on input), and whether an
 * output string needs quotes comes from the v2 rules (a string that v2 would read as another type).
 * Both rule sets were pinned down by experiment against the reference.
 */
import { isBool11 } from './bool11.js';

/** A YAML value as kfm carries it: plain JSON-like data; bigint for integers beyond 2^53. */
export type Value = null | boolean | number | bigint | string | Value[] | { [key: string]: Value };
/** A mapping. */
export type YMap = { [key: string]: Value };

const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's strconv.ParseInt/ParseUint with base 0, for a string whose underscores were removed. */
function goParseInteger(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2];
  let v: bigint;
  if (/^0[xXoObB]/.test(body)) v = BigInt('0' + body[1].toLowerCase() + body.slice(2));
  else if (body.length > 1 && body[0] === '0') v = BigInt('0o' + body.slice(1));
  else v = BigInt(body);
  if (m[1] === '-') v = -v;
  if (v < INT64_MIN || v > UINT64_MAX) return undefined;
  return v;
}

/** Go's ParseFloat for the forms YAML's float pattern admits; undefined when out of range. */
function goParseFloat(s: string): number | undefined {
  const f = Number(s);
  if (!Number.isFinite(f)) return undefined;
  return f;
}

// go-yaml's formats: a `T`/`t` form needs a zone (Z or +hh:mm); the space form takes none.
const TIMESTAMP_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d+))?))?$/;

/**
 * Parses a YAML timestamp the way go-yaml does and renders it as Go's RFC 3339 (nano) text, which is
 * what reaches the output after kustomize's JSON round trip. Undefined if it is no timestamp.
 */
export function timestampText(s: string): string | undefined {
  const m = TIMESTAMP_RE.exec(s);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return undefined;
  const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > dim) return undefined;
  const tOff = m[4] ? 5 : 10;
  const hasTime = m[4] !== undefined || m[10] !== undefined;
  let h = 0, mi = 0, se = 0, frac = '', zone = 'Z';
  if (hasTime) {
    h = Number(m[tOff]);
    mi = Number(m[tOff + 1]);
    se = Number(m[tOff + 2]);
    frac = (m[tOff + 3] ?? '').slice(0, 9).replace(/0+$/, '');
    if (h > 23 || mi > 59 || se > 59) return undefined;
    if (m[4] && m[9] && m[9] !== 'Z' && m[9] !== '+00:00' && m[9] !== '-00:00') zone = m[9];
  }
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(year, 4)}-${p(month)}-${p(day)}T${p(h)}:${p(mi)}:${p(se)}${frac ? '.' + frac : ''}${zone}`;
}

/**
 * The typed value of an unquoted plain scalar under go-yaml v3's resolution rules (what kustomize
 * reads). Timestamps become their RFC 3339 text, as kustomize's JSON step makes them.
 */
export function resolvePlainV3(s: string): Value {
  // Most scalars are words: longer than any special word and not starting like a number.
  if (s.length > 5 && s.charCodeAt(0) > 57) return s;
  switch (s) {
    case '': case '~': case 'null': case 'Null': case 'NULL': return null;
    case 'true': case 'True': case 'TRUE': return true;
    case 'false': case 'False': case 'FALSE': return false;
    case '.nan': case '.NaN': case '.NAN': return NaN;
    case '.inf': case '.Inf': case '.INF': case '+.inf': case '+.Inf': case '+.INF': return Infinity;
    case '-.inf': case '-.Inf': case '-.INF': return -Infinity;
  }
  const c = s.charCodeAt(0);
  const digit = c >= 48 && c <= 57;
  if (digit || c === 43 || c === 45) {
    if (digit) {
      const t = timestampText(s);
      if (t !== undefined) return t;
    }
    const plain = s.replace(/_/g, '');
    const i = goParseInteger(plain);
    if (i !== undefined) return Number.isSafeInteger(Number(i)) ? Number(i) : i;
    if (FLOAT_RE.test(plain)) {
      const f = goParseFloat(plain);
      if (f !== undefined) return f;
    }
    return s;
  }
  if (c === 46 && FLOAT_RE.test(s)) {
    const f = goParseFloat(s);
    if (f !== undefined) return f;
  }
  return s;
}

// Besides the YAML 1.1 booleans (yaml/bool11.ts), the words go-yaml v2 reads as null or a float.
const V2_SPECIAL = new Set([
  'null', 'Null', 'NULL', '~', '',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);
const BASE60_RE = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/**
 * True when go-yaml v2 would read this string, written plain, as something other than a string
 * (so the emitter must double-quote it). Base-60 floats count too, as go-yaml v2 quotes them.
 */
export function needsQuotesV2(s: string): boolean {
  // Every special word is at most 5 characters long; the length test spares longer strings a lookup.
  if (s.length <= 5 && (V2_SPECIAL.has(s) || isBool11(s))) return true;
  const c = s.charCodeAt(0);
  const digit = c >= 48 && c <= 57;
  if (digit || c === 43 || c === 45) {
    if (digit && timestampText(s) !== undefined) return true;
    const plain = s.replace(/_/g, '');
    if (goParseInteger(plain) !== undefined) return true;
    if (FLOAT_RE.test(plain) && goParseFloat(plain) !== undefined) return true;
    return BASE60_RE.test(s);
  }
  if (c === 46) return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) && Number.isFinite(Number(s));
  return false;
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64), as go-yaml v2 writes floats. */
export function goFormatFloatG(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expStr] = Math.abs(f).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expStr);
  const sign = f < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const e = Math.abs(exp);
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/**
 * A number as it reaches kustomize's output: Go's JSON encoding, then go-yaml v2's re-typing (an
 * integral value below 1e21 that fits 64 bits is an integer; anything else a float in %g form).
 */
export function formatNumber(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (Number.isInteger(n) && Math.abs(n) < 1e21) {
    if (Number.isSafeInteger(n)) return Object.is(n, -0) ? '0' : String(n);
    const b = BigInt(n);
    if (b >= INT64_MIN && b <= UINT64_MAX) return b.toString();
  }
  return goFormatFloatG(n);
}

/** The text of a scalar as its YAML node holds it: numbers in Go's form, `null` for null. */
export function scalarText(v: Value): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v === null ? 'null' : '';
}
