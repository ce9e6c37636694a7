/**
 * An emitter for exactly the YAML kustomize prints: go-yaml v2's block style over JSON-shaped data.
 * Style choice and line folding follow libyaml's rules (best width 80, indent 2, indentless
 * sequences under mapping keys), as observed on the reference.
 */
import { formatNumber, needsQuotesV2, type Value } from './scalar.js';
import { sortedKeys } from './keyorder.js';
import { BuildError } from '../errors.js';

const WIDTH = 80;

/** Raised when a value cannot be written (kustomize fails the same way in its JSON step). */
export class EmitError extends BuildError {
  override readonly code = 'KFM_EMIT';
}

/**
 * Characters that Go's JSON encoder leaves raw and go-yaml's reader then refuses ("control
 * characters are not allowed"), so kustomize cannot print a string holding them.
 */
const UNREADABLE = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;
const UNREADABLE_MSG = 'control characters (U+007F to U+009F, except U+0085) cannot be written';
/** kustomize cannot re-read a mapping key holding a raw NEL (its JSON step leaves it raw). */
const NEL_KEY_MSG = 'a key with a NEL character (U+0085) cannot be written';

/** The path (`a.b[2]`) of the first value in `doc` that cannot be written, for error messages. */
export function findUnwritable(doc: Value, path = ''): { path: string; reason: string } | undefined {
  if (typeof doc === 'number' && !Number.isFinite(doc)) return { path, reason: `${doc} is not a number JSON can hold` };
  if (typeof doc === 'string') return UNREADABLE.test(doc) ? { path, reason: UNREADABLE_MSG } : undefined;
  if (Array.isArray(doc)) {
    for (let i = 0; i < doc.length; i++) {
      const f = findUnwritable(doc[i], `${path}[${i}]`);
      if (f) return f;
    }
    return undefined;
  }
  if (doc !== null && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      const p = path ? `${path}.${k}` : k;
      if (UNREADABLE.test(k)) return { path: p, reason: `key: ${UNREADABLE_MSG}` };
      if (k.includes('\u0085')) return { path: p, reason: NEL_KEY_MSG };
      const f = findUnwritable(v, p);
      if (f) return f;
    }
  }
  return undefined;
}

interface Analysis {
  multiline: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

function isBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function isPrintable(c: number): boolean {
  if (c === 10) return true;
  if (c >= 0x20 && c <= 0x7e) return true;
  if (c === 0x85) return true;
  if (c >= 0xa0 && c <= 0xd7ff) return true;
  if (c >= 0xe000 && c <= 0xfffd) return c !== 0xfeff;
  return false;
}

const BLANKZ = (c: number | undefined) => c === undefined || c === 32 || c === 9 || isBreak(c);

/** The code points of `s` without an array of them (values can be tens of megabytes). */
class CodePoints {
  /** Index (in UTF-16 units) of the current code point. */
  private pos = 0;
  constructor(private readonly s: string) {}

  /** The code point after the current one, or undefined at the end. */
  peekNext(): number | undefined {
    const c = this.s.codePointAt(this.pos);
    if (c === undefined) return undefined;
    return this.s.codePointAt(this.pos + (c > 0xffff ? 2 : 1));
  }

  /** The current code point (undefined at the end); advances past it. */
  next(): number | undefined {
    const c = this.s.codePointAt(this.pos);
    if (c !== undefined) this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  /** True when no code point follows the current one. */
  atLast(): boolean {
    return this.peekNext() === undefined;
  }
}

function analyze(s: string): Analysis {
  let flowInd = false, blockInd = false;
  if (s.startsWith('---') || s.startsWith('...')) flowInd = blockInd = true;
  let lineBreaks = false, special = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, prevSpace = false, prevBreak = false;
  let precededByWs = true;
  const it = new CodePoints(s);
  for (let i = 0; ; i++) {
    const followedByWs = BLANKZ(it.peekNext());
    const last = it.atLast();
    const c = it.next();
    if (c === undefined) break;
    if (i === 0) {
      switch (c) {
        case 35: case 44: case 91: case 93: case 123: case 125: case 38: case 42: case 33:
        case 124: case 62: case 39: case 34: case 37: case 64: case 96:
          flowInd = blockInd = true; break;
        case 63: case 58:
          flowInd = true; if (followedByWs) blockInd = true; break;
        case 45:
          if (followedByWs) flowInd = blockInd = true; break;
      }
    } else {
      switch (c) {
        case 44: case 63: case 91: case 93: case 123: case 125: flowInd = true; break;
        case 58: flowInd = true; if (followedByWs) blockInd = true; break;
        case 35: if (precededByWs) flowInd = blockInd = true; break;
      }
    }
    if (!isPrintable(c)) special = true;
    if (isBreak(c)) lineBreaks = true;
    if (c === 32) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true; prevBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true; prevSpace = false;
    } else {
      prevSpace = prevBreak = false;
    }
    precededByWs = BLANKZ(c);
  }
  let blockPlain = true, singleQuoted = true, block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlain = false;
  if (trailingSpace) block = false;
  if (breakSpace) blockPlain = singleQuoted = false;
  if (spaceBreak || special) blockPlain = singleQuoted = block = false;
  if (lineBreaks) blockPlain = false;
  if (blockInd) blockPlain = false;
  return { multiline: lineBreaks, blockPlain, singleQuoted, block };
}

const SAFE_PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;

/**
 * Common Kubernetes strings (names, paths, most keys) that are written plain as they are, wherever
 * they stand: no quoting, escaping or folding (they hold no space).
 */
function isSafePlain(s: string): boolean {
  return SAFE_PLAIN.test(s) && !needsQuotesV2(s);
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function chooseStyle(s: string, simpleKey: boolean): Style {
  if (isSafePlain(s)) return 'plain';
  let style: Style = s.includes('\n') ? 'literal' : needsQuotesV2(s) ? 'double' : 'plain';
  const a = analyze(s);
  if (style === 'plain' && (!a.blockPlain || (s.length === 0 && simpleKey))) style = 'single';
  if (style === 'single' && !a.singleQuoted) style = 'double';
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
  return style;
}

function escapeChar(c: number): string {
  switch (c) {
    case 0: return '\\0';
    case 7: return '\\a';
    case 8: return '\\b';
    case 9: return '\\t';
    case 10: return '\\n';
    case 11: return '\\v';
    case 12: return '\\f';
    case 13: return '\\r';
    case 27: return '\\e';
    case 34: return '\\"';
    case 92: return '\\\\';
    case 0x85: return '\\N';
    case 0xa0: return '\\_';
    case 0x2028: return '\\L';
    case 0x2029: return '\\P';
  }
  const h = c.toString(16).toUpperCase();
  if (c <= 0xff) return '\\x' + h.padStart(2, '0');
  if (c <= 0xffff) return '\\u' + h.padStart(4, '0');
  return '\\U' + h.padStart(8, '0');
}

/**
 * Go's JSON encoder leaves NEL (U+0085) raw (it escapes the line and paragraph separators), and
 * go-yaml then reads it as a line break inside a double-quoted scalar: the spaces around a run of
 * NELs go and the run folds as YAML folds lines (one to a space, n to n-1 newlines). Tabs are no
 * whitespace there: JSON escapes them.
 */
function foldNel(s: string): string {
  return s.replace(/ *((?:\u0085 *)+)/g, (_m, run: string) => {
    const n = run.replace(/ /g, '').length;
    return n === 1 ? ' ' : '\n'.repeat(n - 1);
  });
}


/** How many quotes a single-quoted scalar doubles (they widen it). */
function quoteCount(s: string, style: Style): number {
  if (style !== 'single') return 0;
  let n = 0;
  for (let i = s.indexOf("'"); i >= 0; i = s.indexOf("'", i + 1)) n++;
  return n;
}

/** `'\n'` and `n` spaces, for the indents documents commonly use (made once, not per line). */
const BREAKS = Array.from({ length: 64 }, (_, n) => '\n' + ' '.repeat(n));
const lineBreak = (indent: number): string => BREAKS[indent] ?? '\n' + ' '.repeat(indent);

/**
 * Pieces written between two flattenings of the text. Appending short pieces builds a rope whose
 * nodes all stay alive until the end; flattening every few hundred pieces lets them die young.
 * On the Kubeflow example this halved the emitter's time and its garbage collection (measured
 * against an array of pieces joined at the end and against one long rope).
 */
const CHUNK_PIECES = 256;

/** Emits one JSON-shaped document. */
class Emitter {
  private chunks: string[] = [];
  private chunk = '';
  private pieces = 0;
  private col = 0;

  text(): string {
    if (this.chunks.length === 0) return this.chunk;
    this.chunks.push(this.chunk);
    this.chunk = '';
    return this.chunks.join('');
  }

  /** Appends text without moving the column. */
  private write(s: string): void {
    this.chunk += s;
    if (++this.pieces === CHUNK_PIECES) {
      // Reading a character flattens the rope (V8 flattens a cons string before indexing it).
      this.chunk.charCodeAt(0);
      this.chunks.push(this.chunk);
      this.chunk = '';
      this.pieces = 0;
    }
  }

  private put(s: string): void {
    this.write(s);
    this.col += s.length;
  }

  private newline(indent: number): void {
    this.write(lineBreak(indent));
    this.col = indent;
  }

  /** Writes a string scalar; `indent` is where folded continuation lines start. */
  scalarString(s: string, indent: number, simpleKey: boolean): void {
    if (UNREADABLE.test(s)) throw new EmitError(UNREADABLE_MSG);
    if (s.includes('\u0085')) s = foldNel(s);
    const style = chooseStyle(s, simpleKey);
    const breaks = !simpleKey;
    // A string can fold only at a space past column 80.
    const mayFold = breaks && this.col + s.length + 2 + quoteCount(s, style) > WIDTH && s.includes(' ');
    switch (style) {
      case 'plain':
        if (!mayFold) return this.put(s);
        return this.folded(s, indent, '', '');
      case 'single':
        if (!mayFold && !/[\n\r\u0085\u2028\u2029]/.test(s)) return this.put("'" + s.replace(/'/g, "''") + "'");
        return this.folded(s, indent, "'", "'");
      case 'double':
        return this.doubleQuoted(s, indent, breaks);
      case 'literal':
        return this.literal(s, indent);
    }
  }

  /** Plain and single-quoted scalars: break at a lone space once past the width. */
  private folded(s: string, indent: number, open: string, close: string): void {
    const cps = Array.from(s);
    const quoted = open !== '';
    let buf = open;
    let col = this.col + open.length;
    let spaces = false, brk = false;
    const flush = () => { this.write(buf); buf = ''; };
    for (let i = 0; i < cps.length; i++) {
      const ch = cps[i];
      const c = ch.codePointAt(0)!;
      if (ch === ' ') {
        const edgeOk = !quoted || (i !== 0 && i !== cps.length - 1);
        if (!spaces && col > WIDTH && edgeOk && cps[i + 1] !== ' ') {
          buf += '\n' + ' '.repeat(indent);
          col = indent;
        } else {
          buf += ' ';
          col++;
        }
        spaces = true;
      } else if (quoted && isBreak(c)) {
        buf += ch;
        col = 0;
        brk = true;
      } else {
        if (brk && col < indent) {
          buf += ' '.repeat(indent - col);
          col = indent;
        }
        // go-yaml counts both characters of a doubled quote towards the fold column.
        if (ch === "'" && quoted) {
          buf += "''";
          col += 2;
        } else {
          buf += ch;
          col++;
        }
        spaces = brk = false;
      }
    }
    buf += close;
    col += close.length;
    flush();
    this.col = col;
  }

  private doubleQuoted(s: string, indent: number, breaks: boolean): void {
    const cps = Array.from(s);
    let buf = '"';
    let col = this.col + 1;
    let spaces = false;
    // go-yaml escapes every character of a string that starts with a BOM (observed quirk).
    const escapeAll = s.charCodeAt(0) === 0xfeff;
    for (let i = 0; i < cps.length; i++) {
      const ch = cps[i];
      const c = ch.codePointAt(0)!;
      if (escapeAll || !isPrintable(c) || isBreak(c) || c === 34 || c === 92) {
        const e = escapeChar(c);
        buf += e;
        col += e.length;
        spaces = false;
      } else if (c === 32) {
        if (breaks && !spaces && col > WIDTH && i !== 0 && i !== cps.length - 1) {
          buf += '\n' + ' '.repeat(indent);
          col = indent;
          if (cps[i + 1] === ' ') { buf += '\\'; col++; }
        } else {
          buf += ' ';
          col++;
        }
        spaces = true;
      } else {
        buf += ch;
        col++;
        spaces = false;
      }
    }
    buf += '"';
    this.write(buf);
    this.col = col + 1;
  }

  private literal(s: string, indent: number): void {
    let header = '|';
    const first = s.charCodeAt(0);
    if (first === 32 || isBreak(first)) header += '2';
    const last = s.charCodeAt(s.length - 1);
    if (!isBreak(last)) header += '-';
    else if (s.length === 1 || isBreak(s.charCodeAt(s.length - 2))) header += '+';
    const pad = ' '.repeat(indent);
    // Every line that has content starts at the indent; line breaks are written as they are.
    this.write(header + '\n' + s.replace(/(^|[\n\u2028\u2029])(?=[^\n\u2028\u2029])/g, `$1${pad}`));
    const lineStart = /[\n\u2028\u2029]$/.test(s);
    // A literal block always leaves the writer at the start of a line.
    this.col = lineStart ? 0 : indent;
    if (!lineStart) {
      this.write('\n');
      this.col = 0;
    }
    this.atLineStart = true;
  }

  /** True right after a literal block, whose last line break is already written. */
  private atLineStart = false;

  private breakTo(indent: number): void {
    if (this.atLineStart) {
      this.write(lineBreak(indent).slice(1));
      this.col = indent;
      this.atLineStart = false;
    } else {
      this.newline(indent);
    }
  }

  scalar(v: Value, indent: number, simpleKey = false): void {
    this.atLineStart = false;
    if (v === null) return this.put('null');
    switch (typeof v) {
      case 'string': return this.scalarString(v, indent, simpleKey);
      case 'boolean': return this.put(v ? 'true' : 'false');
      case 'number':
        if (!Number.isFinite(v)) throw new EmitError(`json: unsupported value: ${v}`);
        return this.put(formatNumber(v));
      case 'bigint': return this.put(formatNumber(v));
    }
    throw new EmitError(`cannot write a value of type ${typeof v}`);
  }

  /** A mapping whose first key goes where the writer stands (`inline`) or on a new line. */
  mapping(m: { [k: string]: Value }, indent: number, inline: boolean, keys = sortedKeys(m)): void {
    for (let i = 0; i < keys.length; i++) {
      if (i > 0 || !inline) this.breakTo(indent);
      const k = keys[i];
      const v = m[k];
      if (k.length <= 128 && isSafePlain(k)) {
        // The common case in one piece.
        this.atLineStart = false;
        this.put(k + ':');
        this.value(v, indent, false);
        continue;
      }
      if (k.includes('\u0085')) throw new EmitError(NEL_KEY_MSG);
      if (k.length > 128 || /[\n\r\u0085\u2028\u2029]/.test(k)) {
        this.put('? ');
        this.scalar(k, indent + 2, false);
        this.breakTo(indent);
        this.put(':');
        this.value(v, indent, true);
        continue;
      }
      this.scalar(k, indent, true);
      this.put(':');
      this.value(v, indent, false);
    }
  }

  /** The value after `key:`; `complex` marks the `? key` form, whose value follows `: `. */
  private value(v: Value, indent: number, complex: boolean): void {
    if (Array.isArray(v)) {
      if (v.length === 0) return this.put(' []');
      if (complex) { this.put(' '); return this.sequence(v, indent + 2, true); }
      return this.sequence(v, indent, false);
    }
    if (v !== null && typeof v === 'object') {
      const keys = sortedKeys(v);
      if (keys.length === 0) return this.put(' {}');
      if (complex) { this.put(' '); return this.mapping(v, indent + 2, true, keys); }
      return this.mapping(v, indent + 2, false, keys);
    }
    if (typeof v === 'string' && isSafePlain(v)) {
      this.atLineStart = false;
      return this.put(' ' + v);
    }
    this.put(' ');
    this.scalar(v, indent + 2);
  }

  sequence(list: Value[], indent: number, inline: boolean): void {
    for (let i = 0; i < list.length; i++) {
      if (i > 0 || !inline) this.breakTo(indent);
      this.put('- ');
      const v = list[i];
      if (Array.isArray(v)) {
        if (v.length === 0) this.put('[]');
        else this.sequence(v, indent + 2, true);
      } else if (v !== null && typeof v === 'object') {
        const keys = sortedKeys(v);
        if (keys.length === 0) this.put('{}');
        else this.mapping(v, indent + 2, true, keys);
      } else {
        this.scalar(v, indent + 2);
      }
    }
  }
}

/**
 * Writes one document (usually a resource) in kustomize's output format, ending with a newline.
 * Line breaks that Go's JSON encoder leaves raw (NEL) are folded the way go-yaml reads them back.
 */
export function emitDocument(doc: Value): string {
  const e = new Emitter();
  if (Array.isArray(doc)) {
    if (doc.length === 0) return '[]\n';
    e.sequence(doc, 0, true);
  } else if (doc !== null && typeof doc === 'object') {
    if (Object.keys(doc).length === 0) return '{}\n';
    e.mapping(doc, 0, true);
  } else {
    e.scalar(doc, 0);
  }
  const t = e.text();
  return t.endsWith('\n') ? t : t + '\n';
}
