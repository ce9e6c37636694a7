/**
 * Fast YAML reading into plain objects (js-yaml's loader), with a schema that types plain scalars
 * the way kustomize's go-yaml v3 does. One parse per file; the result is never re-parsed.
 */
import * as jsyaml from 'js-yaml';
import { loadAll, load, Type, FAILSAFE_SCHEMA, YAMLException, type Schema } from 'js-yaml';
import { resolvePlainV3, scalarText, timestampText, type Value, type YMap } from './scalar.js';
import { Raw } from './raw.js';
import { readBool11 } from './bool11.js';
import { normalize, parseDepthLimit, tooDeep } from './normalize.js';
import { BuildError } from '../errors.js';
import { carryJsonTexts, noteJsonTexts, type JsonText } from './jsontext.js';
import { fastRead, unboxAll } from './fastread.js';

function box(v: Value, source: string): Raw {
  return new Raw(v, source);
}

/**
 * The loader asks `resolve` and then `construct` for the same scalar: the typed value is worked
 * out once and remembered for the construct call that follows.
 */
function plainType(tag: string, typeOf: (source: string) => Value): Type {
  let lastSource: string | undefined;
  let lastValue: Value = null;
  return new Type(tag, {
    kind: 'scalar',
    resolve: (source: string) => {
      lastSource = source;
      lastValue = typeOf(source);
      return lastValue !== source;
    },
    construct: (source: string) => box(source === lastSource ? lastValue : typeOf(source), source),
  });
}

const explicit = (name: string, test: (v: Value) => boolean) =>
  new Type(`tag:yaml.org,2002:${name}`, {
    kind: 'scalar',
    resolve: (source: string) => test(resolvePlainV3(source)),
    construct: (source: string) => resolvePlainV3(source),
  });

// go-yaml v3 keeps a node with an application tag (`!foo`) as plain data: the tag is dropped.
const local = (kind: 'scalar' | 'sequence' | 'mapping') =>
  new Type('!', { kind, multi: true, construct: (data: unknown) => data ?? (kind === 'scalar' ? '' : kind === 'sequence' ? [] : {}) });

// `!!binary` data reaches kustomize's output as the decoded bytes, read as a string.
const binary = new Type('tag:yaml.org,2002:binary', {
  kind: 'scalar',
  resolve: (s: string) => /^[A-Za-z0-9+/]*={0,2}$/.test(s.replace(/\s+/g, '')),
  construct: (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'base64').toString('utf8'),
});

// go-yaml reads `!!timestamp` as a time, which kustomize's JSON step writes in RFC 3339; an
// annotation keeps the written text, like an untagged timestamp.
const timestamp = new Type('tag:yaml.org,2002:timestamp', {
  kind: 'scalar',
  resolve: (s: string) => timestampText(s) !== undefined,
  construct: (s: string) => box(timestampText(s)!, s),
});

// `!!set` is a mapping with null values, `!!omap` and `!!pairs` lists of one-key mappings: go-yaml
// keeps them as such, as plain data.
const collection = (name: string, kind: 'sequence' | 'mapping') =>
  new Type(`tag:yaml.org,2002:${name}`, { kind, construct: (data: unknown) => data ?? (kind === 'sequence' ? [] : {}) });

// The `<<` merge key (go-yaml v3 honours it too); js-yaml's typings do not list `types`.
const MERGE = (jsyaml as unknown as { types: { merge: Type } }).types.merge;

/** A schema: the given typing of plain scalars plus the tags every reader shares. */
function schemaWith(plain: Type): Schema {
  return FAILSAFE_SCHEMA.extend({
    implicit: [MERGE, plain],
    explicit: [
      local('scalar'), local('sequence'), local('mapping'), binary, timestamp,
      collection('set', 'mapping'), collection('omap', 'sequence'), collection('pairs', 'sequence'),
      explicit('int', (v) => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))),
      explicit('float', (v) => typeof v === 'number'),
      explicit('bool', (v) => typeof v === 'boolean'),
      explicit('null', (v) => v === null),
    ],
  });
}
const SCHEMA = schemaWith(plainType('tag:kfm/v3-plain', resolvePlainV3));
// kustomize reads kustomization files through go-yaml v2: `namespace: on` is a boolean there.
const typeOf11 = (s: string): Value => readBool11(s) ?? resolvePlainV3(s);
const SCHEMA_11 = schemaWith(plainType('tag:kfm/v2-plain', typeOf11));
const custom = new Map<(s: string) => Value, Schema>();

function schemaFor(opts: ParseOptions): Schema {
  if (opts.typing) {
    let sc = custom.get(opts.typing);
    if (!sc) custom.set(opts.typing, (sc = schemaWith(plainType('tag:kfm/custom-plain', opts.typing))));
    return sc;
  }
  return opts.yaml11 ? SCHEMA_11 : SCHEMA;
}

/** How to read a text. */
export interface ParseOptions {
  /** Kustomization files: go-yaml v2's YAML 1.1 booleans. */
  yaml11?: boolean;
  /** A patch: null annotation values are deletion directives. */
  patch?: boolean;
  /** Custom typing of plain scalars (JSON 6902 patches). */
  typing?: (source: string) => Value;
}

/** A YAML syntax error with its place. */
export class YamlSyntaxError extends BuildError {
  override readonly code = 'KFM_YAML_SYNTAX';
  constructor(readonly file: string, readonly line: number, readonly column: number, reason: string) {
    super(reason, { file }, `${file}:${line}:${column}: invalid YAML: ${reason}`);
  }
}

/** The key at a place in the text, for the duplicate-key message. */
function keyAt(text: string, line: number, column: number): string {
  const rest = (text.split('\n')[line] ?? '').slice(column);
  const quoted = /^(["'])((?:(?!\1).)*)\1/.exec(rest);
  return quoted ? quoted[2] : rest.split(/:(?:\s|$)/)[0].trim();
}

function rethrow(e: unknown, file: string, text: string): never {
  if (e instanceof YAMLException) {
    if (e.reason.startsWith('nesting exceeded maxDepth')) throw tooDeep(file);
    const m = e.mark;
    let reason = e.reason;
    if (reason === 'duplicated mapping key' && m) reason = `mapping key '${keyAt(text, m.line, m.column)}' already defined`;
    throw new YamlSyntaxError(file, m ? m.line + 1 : 0, m ? m.column + 1 : 0, reason);
  }
  if (e instanceof RangeError && /call stack/.test(e.message)) throw tooDeep(file);
  throw e;
}

// Unlike yaml/map.ts isMap, a boxed scalar (Raw) is no mapping here.
const isPlainMap = (v: unknown): v is YMap => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Raw);

/**
 * Annotation values as kustomize keeps them: the written text; an empty value is dropped. With
 * `noteJson`, the values whose text after a JSON step differs are noted (see jsontext.ts).
 */
function annotationsAsWritten(obj: Value, stringify: (v: Value) => string | undefined | null, noteJson = false): void {
  if (!isPlainMap(obj) || !isPlainMap(obj.metadata) || !isPlainMap(obj.metadata.annotations)) return;
  const a = obj.metadata.annotations;
  let texts: Record<string, JsonText> | undefined;
  for (const k of Object.keys(a)) {
    const v = a[k] as unknown;
    // A string is its own text in every reading (most values are strings).
    if (typeof v === 'string') continue;
    // An empty plain value is no text at all.
    const text = stringify(v instanceof Raw && v.value === null && v.source === '' ? null : (v as Value));
    // (A patch's null is a deletion, which a JSON step never sees.)
    if (noteJson && text !== null && (v === null || v instanceof Raw)) {
      const json = TYPED_TEXT(v as Value);
      if (json !== text) (texts ??= Object.create(null) as Record<string, JsonText>)[k] = { written: text ?? undefined, json };
    }
    if (text === undefined) delete a[k];
    else a[k] = text as Value;
  }
  if (texts) noteJsonTexts(a, texts);
}

/** Hands the JSON-text notes of a document (and of its List items) on to its normalized copy. */
function carryDocJsonTexts(pre: Value, post: Value): void {
  if (!isPlainMap(pre) || !isPlainMap(post)) return;
  if (isPlainMap(pre.metadata) && isPlainMap(post.metadata)) carryJsonTexts(pre.metadata.annotations, post.metadata.annotations);
  if (Array.isArray(pre.items) && Array.isArray(post.items)) pre.items.forEach((x, i) => carryDocJsonTexts(x, (post.items as Value[])[i]));
}

/**
 * The written text of each null label or annotation value of a patch (`null`, `~`, or nothing):
 * kustomize turns them into those strings where it rewrites a patch's metadata as string maps
 * (legacy patchesStrategicMerge, patch options).
 * Module-level but safe: it records facts about each key object alone and dies with it.
 */
export const nullMetaTexts = new WeakMap<YMap, Record<string, string>>();

function recordNullTexts(obj: Value): Map<string, Record<string, string>> | undefined {
  if (!isPlainMap(obj) || !isPlainMap(obj.metadata)) return undefined;
  const out = new Map<string, Record<string, string>>();
  for (const field of ['labels', 'annotations']) {
    const m = obj.metadata[field];
    if (!isPlainMap(m)) continue;
    const texts: Record<string, string> = Object.create(null);
    for (const [k, v] of Object.entries(m) as [string, unknown][]) {
      if (v === null) texts[k] = '';
      else if (v instanceof Raw && v.value === null) texts[k] = v.source;
    }
    out.set(field, texts);
  }
  return out;
}

function carryNullTexts(obj: Value, texts: Map<string, Record<string, string>>): void {
  if (!isPlainMap(obj) || !isPlainMap(obj.metadata)) return;
  for (const [field, t] of texts) {
    const m = obj.metadata[field];
    if (isPlainMap(m)) nullMetaTexts.set(m, t);
  }
}

/** kustomize's annotations are a string map: a mapping or list there comes out as "". */
const WRITTEN = (v: Value): string | undefined =>
  v instanceof Raw ? v.source : v === null ? undefined : typeof v === 'object' ? '' : (v as string);
/** In a patch a null annotation is a deletion directive, and stays null. */
const WRITTEN_IN_PATCH = (v: Value): string | undefined | null =>
  v instanceof Raw ? (v.value === null ? null : v.source) : v === null ? null : (v as string);
/**
 * Items of a List pass through kustomize's JSON step first: typed values, then their text (JSON's
 * null comes back as "null", a mapping or list as "").
 */
const TYPED_TEXT = (v: Value): string => scalarText(v instanceof Raw ? v.value : v);

function isList(doc: Value): doc is YMap & { items: Value[] } {
  return isPlainMap(doc) && typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items);
}

/** Annotation values of a List's items, and of Lists within them, as kustomize's JSON step leaves them. */
function itemsTyped(list: YMap & { items: Value[] }): void {
  for (const item of list.items) {
    annotationsAsWritten(item, TYPED_TEXT);
    if (isList(item)) itemsTyped(item);
  }
}

/**
 * `single` is true when kustomize's reader finds one document in the file: it splits the text at
 * each "\n---\n" (so a trailing `---` makes a second, empty piece) and takes the items of a lone
 * `List` or `ResourceList` as they are written; the items of any other List go through JSON.
 */
function asWritten(doc: Value, patch: boolean, single: boolean): void {
  annotationsAsWritten(doc, patch ? WRITTEN_IN_PATCH : WRITTEN, true);
  if (!isList(doc)) return;
  if (single && (doc.kind === 'List' || doc.kind === 'ResourceList')) {
    for (const item of doc.items) {
      annotationsAsWritten(item, WRITTEN, true);
      if (isList(item)) itemsTyped(item);
    }
  } else {
    itemsTyped(doc);
  }
}

function loadOptions(opts: ParseOptions, file: string): jsyaml.LoadOptions {
  return { schema: schemaFor(opts), filename: file, maxDepth: parseDepthLimit() } as jsyaml.LoadOptions;
}

/**
 * js-yaml appends a line break to a text that does not end with one, so a block scalar (`|`, `>`)
 * whose last line runs to the end of the file gains a line break go-yaml never reads. When the
 * text ends mid-line, this listener takes that break off the scalar that consumed it.
 */
function eofBlockFix(text: string): jsyaml.LoadOptions['listener'] {
  const last = text.charCodeAt(text.length - 1);
  if (text.length === 0 || last === 10 || last === 13) return undefined;
  // After a last line of blanks only, js-yaml counts one empty line more than go-yaml, which shows
  // only where the scalar keeps its trailing empty lines (`|+`): those end in two breaks at least.
  const extra = /(^|[\n\r])[ \t]*$/.test(text) ? '\n\n' : '\n';
  return (event, state) => {
    if (event === 'close' && state.kind === 'scalar' && state.position > text.length &&
        typeof state.result === 'string' && state.result.endsWith(extra)) {
      state.result = state.result.slice(0, -1);
    }
  };
}

/** Parses every document of a YAML stream; empty documents come back as null. */
export function parseAll(text: string, file: string, opts: ParseOptions = {}): Value[] {
  return readFast(text, file, opts) ?? parseAllGeneral(text, file, opts);
}

/** {@link parseAll} through the fast reader, or undefined when the general reader must read it all. */
function readFast(text: string, file: string, opts: ParseOptions): Value[] | undefined {
  const fast = fastRead(text, opts.typing ?? (opts.yaml11 ? typeOf11 : resolvePlainV3));
  if (!fast) return undefined;
  const gaps = new Set(fast.gaps.map((g) => g.index));
  const docs = fast.docs;
  const single = isSingleDocument(text, docs.length);
  const nulls = opts.patch ? docs.map((d, i) => (gaps.has(i) ? undefined : recordNullTexts(d))) : undefined;
  docs.forEach((d, i) => gaps.has(i) || asWritten(d, !!opts.patch, single));
  unboxAll(fast.boxed);
  docs.forEach((d, i) => nulls?.[i] && carryNullTexts(d, nulls[i]));
  for (const gap of fast.gaps) {
    let read: Value[] | undefined;
    try {
      read = parseAllGeneral(gap.text, file, opts, single);
    } catch {
      // Reported by the general reader on the whole text, with its place there.
    }
    if (read?.length !== 1) return undefined;
    docs[gap.index] = read[0];
  }
  return docs;
}

/** Whether kustomize's reader sees one document in the file (see asWritten). */
function isSingleDocument(text: string, count: number): boolean {
  return count === 1 && !text.includes('\n---\n');
}

/**
 * {@link parseAll} with the general reader (js-yaml), which reads any YAML: what parseAll does when
 * the fast reader gives up. `single` overrides the one-document test for a document cut from a
 * larger file. Exported for the test that compares the two.
 */
export function parseAllGeneral(text: string, file: string, opts: ParseOptions = {}, single?: boolean): Value[] {
  let docs: Value[];
  try {
    docs = loadAll(text, null, { ...loadOptions(opts, file), listener: eofBlockFix(text) } as jsyaml.LoadOptions) as Value[];
  } catch (e) {
    rethrow(e, file, text);
  }
  return docs.map((d) => {
    // A patch's null labels and annotations keep their written text, read before the Raw
    // scalars go and carried to the normalized copy of the document.
    const nulls = opts.patch ? recordNullTexts(d) : undefined;
    asWritten(d, !!opts.patch, single ?? isSingleDocument(text, docs.length));
    const n = normalize(d, file);
    carryDocJsonTexts(d, n);
    if (nulls) carryNullTexts(n, nulls);
    return n;
  });
}

/** Parses a single-document YAML (or JSON) text. */
export function parseOne(text: string, file: string): Value {
  const docs = readFast(text, file, {});
  if (docs?.length === 1) return docs[0];
  let doc: Value;
  try {
    doc = (load(text, { ...loadOptions({}, file), listener: eofBlockFix(text) } as jsyaml.LoadOptions) ?? null) as Value;
  } catch (e) {
    rethrow(e, file, text);
  }
  asWritten(doc, false, isSingleDocument(text, 1));
  const n = normalize(doc, file);
  carryDocJsonTexts(doc, n);
  return n;
}
