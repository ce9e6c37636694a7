/**
 * JSON 6902 patches (add, remove, replace, move, copy, test) applied with fast-json-patch, with
 * errors that name the patch and the target instead of the library's messages.
 */
import jsonpatch from 'fast-json-patch';
import { BuildError, type ErrorPlace } from '../errors.js';
import type { Value, YMap } from '../yaml/index.js';
import { copyValue, newMap } from '../yaml/map.js';

/** One JSON patch operation as read from YAML or JSON. */
export interface JsonOp {
  op: string;
  path: string;
  from?: string;
  value?: Value;
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** Checks that a parsed value is a list of operations; throws a BuildError naming `place`. */
export function toJsonOps(v: Value, place: ErrorPlace): JsonOp[] {
  if (!Array.isArray(v)) throw new BuildError('a JSON 6902 patch must be a list of operations', place);
  return v.map((op, i) => {
    if (op === null || typeof op !== 'object' || Array.isArray(op)) {
      throw new BuildError(`operation ${i + 1} is not a mapping with op and path`, place);
    }
    if (typeof op.op !== 'string' || !OPS.has(op.op)) {
      throw new BuildError(`operation ${i + 1} has unknown op '${String(op.op)}'; expected one of add, remove, replace, move, copy, test`, place);
    }
    if (typeof op.path !== 'string') throw new BuildError(`operation ${i + 1} (${op.op}) has no 'path'`, place);
    if ((op.op === 'move' || op.op === 'copy') && typeof op.from !== 'string') {
      throw new BuildError(`operation ${i + 1} (${op.op}) has no 'from'`, place);
    }
    if ((op.op === 'add' || op.op === 'replace' || op.op === 'test') && !('value' in op)) {
      throw new BuildError(`operation ${i + 1} (${op.op}) has no 'value'`, place);
    }
    return op as unknown as JsonOp;
  });
}

const REASONS: Record<string, string> = {
  OPERATION_PATH_UNRESOLVABLE: 'the path does not exist in the target',
  OPERATION_FROM_UNRESOLVABLE: "the 'from' path does not exist in the target",
  OPERATION_PATH_CANNOT_ADD: 'the parent of the path does not exist in the target',
  OPERATION_PATH_ILLEGAL_ARRAY_INDEX: 'the path has an invalid list index',
  OPERATION_VALUE_OUT_OF_BOUNDS: 'the list index is out of range',
  TEST_OPERATION_FAILED: 'the test failed: the value differs',
  OPERATION_PATH_INVALID: 'the path is not a valid JSON pointer',
};

/**
 * Applies operations to a copy of `obj` and returns it. `what` names the patch and the target for
 * messages.
 */
export function applyJson6902(obj: YMap, ops: JsonOp[], place: ErrorPlace, what: string): YMap {
  let doc = copyValue(obj);
  // While kustomize builds, every resource carries internal annotations, so a patch can add to
  // /metadata/annotations of a resource that has none; the map goes again if it stays empty.
  const md = doc.metadata;
  const lent = md !== null && typeof md === 'object' && !Array.isArray(md) && md.annotations === undefined;
  if (lent) md.annotations = newMap();
  ops.forEach((op0, i) => {
    let op = op0;
    const loc = op.op === 'move' || op.op === 'copy' ? `${op.op} from ${op.from} to ${op.path}` : `${op.op} ${op.path}`;
    const fail = (reason: string): never => {
      throw new BuildError(`JSON patch operation ${i + 1} (${loc}) failed on ${what}: ${reason}`, place);
    };
    if (op.path === '') fail('the path may not be empty (the whole document)');
    // kustomize's JSON patch library counts negative list indices from the end.
    op = { ...op, path: fromEnd(doc, op.path, op.op === 'add') };
    if (op.from !== undefined) op.from = fromEnd(doc, op.from, false);
    // It also lets `replace` add a key missing from an existing mapping, and a `test` for null
    // pass on a missing path.
    if (op.op === 'replace' && missingMapKey(doc, op.path)) op = { ...op, op: 'add' };
    if (op.op === 'test' && op.value === null && lookup(doc, op.path) === undefined) return;
    try {
      // Keys such as `__proto__` are ordinary data here (the documents have no prototype), as
      // in kustomize; the library's own copies (copy, move) are made prototype-less again.
      if (op.value !== null && typeof op.value === 'object') op = { ...op, value: copyValue(op.value) };
      doc = jsonpatch.applyOperation(doc, op as jsonpatch.Operation, true, true, false, i).newDocument as YMap;
      if (op.op === 'copy' || op.op === 'move') doc = copyValue(doc);
    } catch (e) {
      const name = (e as { name?: string }).name ?? '';
      fail(REASONS[name] ?? (e as Error).message.split('\n')[0]);
    }
  });
  const after = doc.metadata;
  if (lent && after !== null && typeof after === 'object' && !Array.isArray(after)) {
    const a = after.annotations;
    if (a !== null && typeof a === 'object' && !Array.isArray(a) && Object.keys(a).length === 0) delete after.annotations;
  }
  return doc;
}

function splitPointer(path: string): string[] {
  return path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function step(cur: Value | undefined, p: string): Value | undefined {
  if (Array.isArray(cur)) return /^\d+$/.test(p) ? cur[Number(p)] : undefined;
  if (cur !== null && typeof cur === 'object') return Object.prototype.hasOwnProperty.call(cur, p) ? (cur as YMap)[p] : undefined;
  return undefined;
}

/**
 * The value at a JSON pointer, or undefined. Not transform/replacements.ts valueAt: RFC 6901 parts
 * (`~1` escapes, no `[k=v]` selectors, a list takes indices only).
 */
function lookup(doc: Value, path: string): Value | undefined {
  if (!path.startsWith('/')) return undefined;
  let cur: Value | undefined = doc;
  for (const p of splitPointer(path)) {
    cur = step(cur, p);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Rewrites negative list indices (`-1` is the last element; for an add, the end). */
function fromEnd(doc: Value, path: string, adding: boolean): string {
  if (!path.startsWith('/') || !/\/-\d/.test(path)) return path;
  const raw = path.slice(1).split('/');
  const parts = splitPointer(path);
  let cur: Value | undefined = doc;
  for (let i = 0; i < parts.length && cur !== undefined; i++) {
    if (Array.isArray(cur) && /^-\d+$/.test(parts[i])) {
      const len = cur.length + (adding && i === parts.length - 1 ? 1 : 0);
      const idx = Number(parts[i]) + len;
      if (idx >= 0) raw[i] = String(idx);
      parts[i] = raw[i];
    }
    cur = step(cur, parts[i]);
  }
  return '/' + raw.join('/');
}

/** True when `path` names a key absent from a mapping that exists. */
function missingMapKey(doc: Value, path: string): boolean {
  if (!path.startsWith('/')) return false;
  const parts = splitPointer(path);
  const parent = parts.length > 1 ? lookup(doc, '/' + path.slice(1).split('/').slice(0, -1).join('/')) : doc;
  return parent !== null && typeof parent === 'object' && !Array.isArray(parent) && !(parts[parts.length - 1] in parent);
}
