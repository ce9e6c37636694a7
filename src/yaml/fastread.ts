/**
 * A reader for the YAML that manifests are nearly always written in: block mappings and sequences,
 * plain and one-line quoted scalars, one-line flow collections of scalars, literal blocks, comments
 * and `---` between documents. It builds kfm's data in one pass (mappings that inherit nothing,
 * typed scalars), where the general reader (js-yaml, then normalize.ts) builds an object tree and copies
 * it. Anything else (anchors, tags,
 * nested flow collections, multi-line quoted scalars, folded blocks, tabs, duplicate keys, odd
 * indentation, any error) makes it give up, and the caller reads the text with the general reader,
 * so values and error messages are that reader's. tests/fastread.test.ts compares both readers on
 * every YAML file of the repository. Reading the platform manifests (10 MB) in a fresh process took
 * about 430 ms of CPU with it against about 690 ms without (median of three each).
 */
import { resolvePlainV3, type Value, type YMap } from './scalar.js';
import { newMap } from './map.js';
import { Raw } from './raw.js';

/**
 * `s` without the spaces and tabs that end it: YAML's blanks, unlike trimEnd's whitespace, which
 * takes a no-break space and other Unicode spaces that go-yaml keeps as content.
 */
function trimBlanks(s: string): string {
  let e = s.length;
  while (e > 0 && (s.charCodeAt(e - 1) === 32 || s.charCodeAt(e - 1) === 9)) e--;
  return e === s.length ? s : s.slice(0, e);
}

/** What the fast reader made of a text. */
export interface FastRead {
  docs: Value[];
  /**
   * Mappings under a key `annotations` or `labels`, whose typed plain values are still boxed
   * ({@link Raw}): kustomize keeps annotations as written. The caller reads what it needs, then
   * calls {@link unboxAll}.
   */
  boxed: YMap[];
  /**
   * Documents the fast reader left to the general one: their place in `docs` (which holds null
   * there) and their text. A stream of many documents is then read mostly fast.
   */
  gaps: { index: number; text: string }[];
}

/** Thrown inside this module when the text leaves the subset; made once, as it is thrown often. */
const GIVE_UP = new Error('outside the fast subset');

function giveUp(): never {
  throw GIVE_UP;
}

/**
 * Characters the subset leaves to the general reader: tabs, CR, other control and non-printable
 * characters, NEL and the Unicode line separators, surrogates (astral characters), the BOM.
 */
const ODD_CHARS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff\ufffe\uffff]/;
/** First characters that make a scalar something other than a plain one (or an error). */
const INDICATORS = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@`') INDICATORS[c.charCodeAt(0)] = 1;
/** Nesting beyond this is left to the general reader, which enforces the depth limits. */
const MAX_DEPTH = 200;
const BOXED_KEYS = new Set(['annotations', 'labels']);

const SPACE = 32;

function indentOf(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === SPACE) n++;
  return n;
}


/** True when a sequence entry (`-` then a space or the line's end) starts at `col`. */
function isEntry(line: string, col: number): boolean {
  return line.charCodeAt(col) === 45 && (col + 1 === line.length || line.charCodeAt(col + 1) === SPACE);
}

/** True when the rest of the line from `pos` is blank or a comment (after a space). */
function restIsBlank(line: string, pos: number): boolean {
  let p = pos;
  while (line.charCodeAt(p) === SPACE) p++;
  return p === line.length || (line.charCodeAt(p) === 35 && p > pos);
}

/** The colon ending a plain mapping key that starts at `col`, or -1. */
function keyColon(line: string, col: number): number {
  for (let c = line.indexOf(':', col); c >= 0; c = line.indexOf(':', c + 1)) {
    if (c + 1 === line.length || line.charCodeAt(c + 1) === SPACE) return c;
  }
  return -1;
}

/** A quoted scalar starting at `pos` (on this line only) and the position after it. */
function quoted(line: string, pos: number): [string, number] {
  const q = line[pos];
  let out = '';
  let from = pos + 1;
  for (let p = from; p < line.length; p++) {
    const c = line[p];
    if (q === "'" && c === "'") {
      out += line.slice(from, p);
      if (line[p + 1] !== "'") return [out, p + 1];
      out += "'";
      from = ++p + 1;
    } else if (q === '"' && c === '"') {
      return [out + line.slice(from, p), p + 1];
    } else if (q === '"' && c === '\\') {
      const e = line[p + 1];
      const esc = e === 'n' ? '\n' : e === 't' ? '\t' : e === '\\' || e === '"' || e === '/' ? e : giveUp();
      out += line.slice(from, p) + esc;
      from = ++p + 1;
    }
  }
  return giveUp();
}

class Reader {
  /** The current line. */
  i: number;
  private depth = 0;

  constructor(
    private readonly lines: string[],
    /** The leading spaces of each line (its length for a line of spaces only). */
    private readonly indents: Int32Array,
    start: number,
    /** The end of the document (exclusive). */
    private readonly end: number,
    /** A block scalar may not run into the end of a text without a final line break. */
    private readonly openEnd: boolean,
    private readonly boxed: YMap[],
    /** The typing of plain scalars. */
    private readonly typeOf: (source: string) => Value,
  ) {
    this.i = start;
  }

  /** The document from the current line on: a mapping or sequence at column 0. */
  document(): Value {
    const line = this.lines[this.i];
    const c0 = line[0];
    if (this.indents[this.i] !== 0 || (!isEntry(line, 0) && keyColon(line, 0) < 0 && c0 !== '"' && c0 !== "'")) giveUp();
    const v = this.collection(0);
    if (this.skipBlank()) giveUp();
    return v;
  }

  /** Moves past blank and comment lines; false at the end of the document. */
  skipBlank(): boolean {
    while (this.i < this.end && (this.indents[this.i] === this.lines[this.i].length || this.lines[this.i].charCodeAt(this.indents[this.i]) === 35)) this.i++;
    return this.i < this.end;
  }

  /** A mapping or sequence whose first entry starts at `col` of the current line. */
  collection(col: number): Value {
    if (++this.depth > MAX_DEPTH) giveUp();
    const line = this.lines[this.i];
    const v = isEntry(line, col) ? this.sequence(col) : this.mapping(col, false);
    this.depth--;
    return v;
  }

  /** A block mapping whose keys start at column `indent`. */
  mapping(indent: number, box: boolean): YMap {
    const m = newMap();
    let boxedOne = false;
    for (;;) {
      const line = this.lines[this.i];
      let key: string;
      let after: number;
      const c0 = line[indent];
      if (c0 === '"' || c0 === "'") {
        [key, after] = quoted(line, indent);
        if (line[after] !== ':' || !(after + 1 === line.length || line.charCodeAt(after + 1) === SPACE)) giveUp();
      } else {
        const colon = keyColon(line, indent);
        if (colon < 0 || INDICATORS[line.charCodeAt(indent)]) giveUp();
        key = line.slice(indent, colon);
        // Keys that are no plain string (numbers, `<<`, comments, trailing spaces) and long keys.
        if (key.endsWith(' ') || key.includes(' #') || key === '<<' || key.length > 1000 || this.typeOf(key) !== key) giveUp();
        after = colon;
      }
      // A duplicate key is an error, in the general reader's words.
      if (key in m) giveUp();
      const v = this.value(line, after + 1, indent, true, BOXED_KEYS.has(key), box);
      if (v instanceof Raw) boxedOne = true;
      m[key] = v;
      if (!this.skipBlank()) break;
      const next = this.lines[this.i];
      const ind = this.indents[this.i];
      if (ind < indent) break;
      if (ind > indent || isEntry(next, ind)) giveUp();
    }
    if (boxedOne) this.boxed.push(m);
    return m;
  }

  /** A block sequence whose entries start at column `indent`. */
  sequence(indent: number): Value[] {
    const list: Value[] = [];
    for (;;) {
      const line = this.lines[this.i];
      list.push(this.value(line, indent + 1, indent, false, false, false));
      if (!this.skipBlank()) break;
      const next = this.lines[this.i];
      const ind = this.indents[this.i];
      if (ind > indent) giveUp();
      if (ind < indent || !isEntry(next, ind)) break;
    }
    return list;
  }

  /**
   * The value that follows `key:` or `-` at `pos` of the current line, whose parent's entries start
   * at `parent`. `inMapping` tells which of the two; `boxChildren` marks an annotations or labels
   * mapping below, `box` a value of one.
   */
  value(line: string, pos: number, parent: number, inMapping: boolean, boxChildren: boolean, box: boolean): Value {
    let p = pos;
    while (line.charCodeAt(p) === SPACE) p++;
    if (p === line.length || (line.charCodeAt(p) === 35 && p > pos)) return this.nested(parent, inMapping, boxChildren);
    if (p === pos && p < line.length) giveUp();
    const c = line[p];
    if (c === '|') return this.literal(line, p, parent);
    if (c === '"' || c === "'") {
      const [s, after] = quoted(line, p);
      // A quoted key in a compact mapping (`- "a": b`).
      if (!inMapping && line[after] === ':') return this.collection(p);
      if (!restIsBlank(line, after)) giveUp();
      this.i++;
      return s;
    }
    if (c === '[' || c === '{') {
      const v = this.flow(line, p, boxChildren);
      this.i++;
      return v;
    }
    if (!inMapping && (isEntry(line, p) || keyColon(line, p) >= 0)) return this.collection(p);
    if (INDICATORS[line.charCodeAt(p)] && !((c === '-' || c === '?' || c === ':') && p + 1 < line.length && line.charCodeAt(p + 1) !== SPACE)) giveUp();
    return this.plain(line, p, parent, box);
  }

  /**
   * A flow sequence or mapping of scalars on one line (`[a, "b"]`, `{cpu: "1", memory: 1Gi}`).
   * Nesting, empty entries, and `:` or `#` inside a plain scalar are left to the general reader.
   */
  private flow(line: string, p: number, boxChildren: boolean): Value {
    const isMap = line[p] === '{';
    const box = boxChildren && isMap;
    const close = isMap ? '}' : ']';
    const list: Value[] = [];
    const m = newMap();
    let boxedOne = false;
    /** The scalar at `q`, and where it ends. */
    const scalar = (q: number, key: boolean): [Value, number] => {
      if (line[q] === '"' || line[q] === "'") return quoted(line, q);
      let e = q;
      while (e < line.length && !',[]{}:#'.includes(line[e])) e++;
      const s = trimBlanks(line.slice(q, e));
      if (s === '' || s === '<<' || INDICATORS[s.charCodeAt(0)]) giveUp();
      const v = this.typeOf(s);
      if (key) return v === s ? [s, e] : giveUp();
      if (box && v !== s) boxedOne = true;
      return [box && v !== s ? (new Raw(v, s) as unknown as Value) : v, e];
    };
    let q = p + 1;
    const skip = () => {
      while (line.charCodeAt(q) === SPACE) q++;
    };
    skip();
    if (line[q] === close) q++;
    else {
      for (;;) {
        let v: Value;
        if (isMap) {
          let k: Value;
          [k, q] = scalar(q, true);
          if (line[q] !== ':' || line.charCodeAt(q + 1) !== SPACE || (k as string) in m) giveUp();
          q += 2;
          skip();
          [v, q] = scalar(q, false);
          m[k as string] = v;
        } else {
          [v, q] = scalar(q, false);
          list.push(v);
        }
        skip();
        if (line[q] === close) {
          q++;
          break;
        }
        if (line[q] !== ',') giveUp();
        q++;
        skip();
      }
    }
    if (!restIsBlank(line, q)) giveUp();
    if (boxedOne) this.boxed.push(m);
    return isMap ? m : list;
  }

  /** A value on the lines below (a mapping or a sequence) or nothing (null). */
  private nested(parent: number, inMapping: boolean, boxChildren: boolean): Value {
    this.i++;
    if (!this.skipBlank()) return null;
    const line = this.lines[this.i];
    const ind = this.indents[this.i];
    // Under a mapping key, a sequence may start at the key's own column.
    if (ind > parent || (inMapping && ind === parent && isEntry(line, ind))) {
      if (isEntry(line, ind)) return this.collection(ind);
      if (++this.depth > MAX_DEPTH) giveUp();
      const m = this.mapping(ind, boxChildren);
      this.depth--;
      return m;
    }
    return null;
  }

  /**
   * A plain scalar: the rest of the line, and the more indented lines that continue it (folded
   * into one line, as CRD descriptions are often written). Continuation lines that could be read
   * otherwise (an indicator first, `: `, a comment, blank lines between) are left to the general
   * reader.
   */
  private plain(line: string, p: number, parent: number, box: boolean): Value {
    const hash = line.indexOf(' #', p);
    let s = trimBlanks(hash < 0 ? line.slice(p) : line.slice(p, hash));
    if (s.includes(': ') || s.endsWith(':')) giveUp();
    for (this.i++; this.i < this.end && this.indents[this.i] > parent; this.i++) {
      const l = this.lines[this.i];
      if (hash >= 0 || this.indents[this.i] === l.length) giveUp();
      const t = trimBlanks(l.slice(this.indents[this.i]));
      if (INDICATORS[t.charCodeAt(0)] || t.includes(': ') || t.endsWith(':') || t.includes(' #')) giveUp();
      s += ' ' + t;
    }
    // A continuation after blank lines keeps line breaks: the general reader's work.
    let j = this.i;
    while (j < this.end && this.indents[j] === this.lines[j].length) j++;
    if (j < this.end && this.indents[j] > parent) giveUp();
    // `<<` may be a merge key to the general reader's schema.
    if (s === '<<') giveUp();
    const v = this.typeOf(s);
    return box && v !== s ? (new Raw(v, s) as unknown as Value) : v;
  }

  /** A literal block scalar (`|`, `|-`, `|+`) whose header is at `p`. */
  private literal(line: string, p: number, parent: number): string {
    let chomp = line[p + 1];
    if (chomp === '-' || chomp === '+') p += 2;
    else {
      chomp = '';
      p += 1;
    }
    if (!restIsBlank(line, p) || (p < line.length && line.charCodeAt(p) !== SPACE)) giveUp();
    let k = this.i + 1;
    // The block's indentation is that of its first line with content.
    let leadingBlank = 0;
    while (k < this.end && this.indents[k] === this.lines[k].length) leadingBlank = Math.max(leadingBlank, this.lines[k++].length);
    if (k === this.end) giveUp();
    const indent = this.indents[k];
    if (indent <= parent || leadingBlank > indent) giveUp();
    const body: string[] = [];
    k = this.i + 1;
    let lastContent = -1;
    for (; k < this.end; k++) {
      const l = this.lines[k];
      const ind = this.indents[k];
      if (ind === l.length) {
        if (l.length > indent) giveUp();
        body.push('');
      } else if (ind < indent) {
        break;
      } else {
        body.push(l.slice(indent));
        lastContent = body.length;
      }
    }
    if (k === this.end && this.openEnd) giveUp();
    this.i = k;
    const text = body.slice(0, lastContent).join('\n');
    if (chomp === '-') return text;
    if (chomp === '+') return text + '\n'.repeat(body.length - lastContent + 1);
    return text + '\n';
  }
}

/**
 * Reads every document of `text`, typing plain scalars with `typeOf`, or returns undefined when the
 * general reader must.
 */
export function fastRead(text: string, typeOf: (source: string) => Value = resolvePlainV3): FastRead | undefined {
  if (ODD_CHARS.test(text)) return undefined;
  const lines = text.split('\n');
  const openEnd = !text.endsWith('\n');
  if (!openEnd) lines.pop();
  // Document boundaries: `---` lines. Directives, `...` and `---` with content are left alone.
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const c = l.charCodeAt(0);
    if (c === 37) return undefined;
    if ((c === 45 || c === 46) && (l.startsWith('---') || l.startsWith('...')) && (l.length === 3 || l.charCodeAt(3) === SPACE)) {
      if (l !== '---') return undefined;
      starts.push(i);
    }
  }
  const indents = new Int32Array(lines.length);
  for (let i = 0; i < lines.length; i++) indents[i] = indentOf(lines[i]);
  const boxed: YMap[] = [];
  const docs: Value[] = [];
  const gaps: FastRead['gaps'] = [];
  let from = 0;
  for (const end of [...starts, lines.length]) {
    const start = from;
    from = end + 1;
    const r = new Reader(lines, indents, start, end, openEnd && end === lines.length, boxed, typeOf);
    if (!r.skipBlank()) {
      // Before the first `---`, blank lines are no document; a text of nothing else is left to
      // the general reader (it has rules of its own for those).
      if (start === 0) {
        if (starts.length === 0) return undefined;
        continue;
      }
      docs.push(null);
      continue;
    }
    try {
      docs.push(r.document());
    } catch (e) {
      if (e !== GIVE_UP) throw e;
      gaps.push({ index: docs.length, text: lines.slice(start, end).join('\n') + (openEnd && end === lines.length ? '' : '\n') });
      docs.push(null);
    }
  }
  return { docs, boxed, gaps };
}

/** Replaces the boxed scalars left in `maps` by their typed values. */
export function unboxAll(maps: YMap[]): void {
  for (const m of maps) {
    for (const k of Object.keys(m)) {
      const v = m[k] as unknown;
      if (v instanceof Raw) m[k] = v.value;
    }
  }
}
