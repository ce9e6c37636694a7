/**
 * `kfm diff A B`: what changed between two renderings, resource by resource and field by field.
 * Resources are matched by id; a generated name's content-hash suffix is followed (the object
 * keeps its identity when its content, and so its hash, changes), so a one-line change in a
 * ConfigMap is one change, not a removal, an addition and a rename in every referrer.
 */
import { isObj, type Obj } from './source.js';

/** One field that differs: its YAML path and the values on each side (undefined: absent). */
export interface FieldChange {
  path: string;
  old?: unknown;
  new?: unknown;
  /** For multi-line text on both sides: a unified line diff. */
  lines?: string[];
}

/** A resource present on both sides whose content differs. */
export interface Changed {
  id: string;
  kind: string;
  fields: FieldChange[];
}

/** The whole comparison. */
export interface DiffResult {
  added: { id: string; kind: string }[];
  removed: { id: string; kind: string }[];
  changed: Changed[];
  unchanged: number;
}

const HASH = /-[bcdfghkmt2-9]{10}$/;
const GENERATED_KINDS = new Set(['ConfigMap', 'Secret']);

function meta(o: Obj): Obj {
  return isObj(o.metadata) ? o.metadata : {};
}

/** `Kind namespace/name` (group shown when there is one), as the output prints ids. */
export function idOf(o: Obj, name = String(meta(o).name ?? '')): string {
  const api = String(o.apiVersion ?? '');
  const group = api.includes('/') ? api.slice(0, api.lastIndexOf('/')) : '';
  const ns = meta(o).namespace ? `${String(meta(o).namespace)}/` : '';
  return `${String(o.kind)}${group ? `.${group}` : ''} ${ns}${name}`;
}

/** The generated names of one side, mapped to their names without the hash suffix. */
function hashedNames(objects: Obj[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of objects) {
    const n = meta(o).name;
    if (GENERATED_KINDS.has(String(o.kind)) && typeof n === 'string' && HASH.test(n)) out.set(n, n.replace(HASH, ''));
  }
  return out;
}

/** Replaces every string that is exactly a generated name by its hash-free form. */
function unhash(v: unknown, names: Map<string, string>): unknown {
  if (typeof v === 'string') return names.get(v) ?? v;
  if (Array.isArray(v)) return v.map((x) => unhash(x, names));
  if (isObj(v)) {
    const out: Obj = Object.create(null);
    for (const [k, x] of Object.entries(v)) out[k] = unhash(x, names);
    return out;
  }
  return v;
}

/** Options of {@link diffObjects}. */
export interface DiffOptions {
  /** Follow generated-name hash suffixes (default true). */
  followHashes?: boolean;
}

/** Compares two renderings. */
export function diffObjects(a: Obj[], b: Obj[], opts: DiffOptions = {}): DiffResult {
  const follow = opts.followHashes !== false;
  const na = follow ? hashedNames(a) : new Map<string, string>();
  const nb = follow ? hashedNames(b) : new Map<string, string>();
  const index = (objs: Obj[], names: Map<string, string>) => {
    const m = new Map<string, { o: Obj; n: Obj }>();
    for (const o of objs) {
      const name = String(meta(o).name ?? '');
      m.set(idOf(o, names.get(name) ?? name), { o, n: unhash(o, names) as Obj });
    }
    return m;
  };
  const ia = index(a, na);
  const ib = index(b, nb);
  const res: DiffResult = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [id, { o }] of ia) if (!ib.has(id)) res.removed.push({ id, kind: String(o.kind) });
  for (const [id, { o, n }] of ib) {
    const before = ia.get(id);
    if (!before) {
      res.added.push({ id, kind: String(o.kind) });
      continue;
    }
    const fields: FieldChange[] = [];
    // The name itself is compared as written, so a new hash shows once, on the generated object.
    diffValue(before.n, n, '', fields);
    const oldName = meta(before.o).name;
    const newName = meta(o).name;
    if (oldName !== newName && !fields.some((f) => f.path === 'metadata.name')) {
      fields.unshift({ path: 'metadata.name', old: oldName, new: newName });
    }
    if (fields.length) res.changed.push({ id, kind: String(o.kind), fields });
    else res.unchanged++;
  }
  return res;
}

function keyOf(list: unknown[]): string | undefined {
  for (const k of ['name', 'key', 'mountPath', 'containerPort', 'port']) {
    const vals = list.map((x) => (isObj(x) ? x[k] : undefined));
    if (vals.every((v) => typeof v === 'string' || typeof v === 'number') && new Set(vals).size === vals.length) return k;
  }
  return undefined;
}

const pathJoin = (p: string, k: string) => (p ? `${p}.${k}` : k);

function diffValue(a: unknown, b: unknown, path: string, out: FieldChange[]): void {
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) diffValue(a[k], b[k], pathJoin(path, k), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length && b.length) {
    const k = keyOf(a) && keyOf(a) === keyOf(b) ? keyOf(a) : undefined;
    if (k) {
      const ka = a.map((x) => (x as Obj)[k]);
      const kb = b.map((x) => (x as Obj)[k]);
      for (const key of new Set([...ka, ...kb])) {
        diffValue(a[ka.indexOf(key)], b[kb.indexOf(key)], `${path}[${k}=${String(key)}]`, out);
      }
      return;
    }
    if (a.length === b.length && a.some((x) => isObj(x) || Array.isArray(x))) {
      a.forEach((x, i) => diffValue(x, b[i], `${path}[${i}]`, out));
      return;
    }
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (typeof a === 'string' && typeof b === 'string' && (a.includes('\n') || b.includes('\n'))) {
    out.push({ path, old: a, new: b, lines: unifiedLines(a.split('\n'), b.split('\n')) });
    return;
  }
  out.push({ path, old: a, new: b });
}

/**
 * A unified diff of two texts' lines with three lines of context: a longest-common-subsequence
 * table, fine for the text fields of manifests (a few thousand lines at most).
 */
export function unifiedLines(a: string[], b: string[], context = 3): string[] {
  const n = a.length;
  const m = b.length;
  if (n * m > 25_000_000) return [`@@ ${n} lines -> ${m} lines (too long to diff line by line) @@`];
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const ops: { t: ' ' | '-' | '+'; s: string; ai: number; bi: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ t: ' ', s: a[i], ai: i++, bi: j++ });
    else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ t: '-', s: a[i], ai: i++, bi: j });
    else ops.push({ t: '+', s: b[j], ai: i, bi: j++ });
  }
  const out: string[] = [];
  for (let k = 0; k < ops.length; ) {
    if (ops[k].t === ' ') {
      k++;
      continue;
    }
    const start = Math.max(0, k - context);
    let end = k;
    // Extend the hunk while changes are closer than two contexts apart.
    for (let q = k; q < ops.length; q++) {
      if (ops[q].t !== ' ') end = q;
      else if (q - end > 2 * context) break;
    }
    const stop = Math.min(ops.length, end + context + 1);
    const hunk = ops.slice(start, stop);
    const aLen = hunk.filter((o) => o.t !== '+').length;
    const bLen = hunk.filter((o) => o.t !== '-').length;
    out.push(`@@ -${hunk[0].ai + 1},${aLen} +${hunk[0].bi + 1},${bLen} @@`);
    for (const o of hunk) out.push(`${o.t}${o.s}`);
    k = stop;
  }
  return out;
}

/** True when the two renderings are the same in content. */
export function isEqual(r: DiffResult): boolean {
  return !r.added.length && !r.removed.length && !r.changed.length;
}

/** One line per kind: how many resources were added, removed and changed. */
export function summaryLines(r: DiffResult): string[] {
  const kinds = new Map<string, { added: number; removed: number; changed: number }>();
  const bump = (kind: string, k: 'added' | 'removed' | 'changed') => {
    const e = kinds.get(kind) ?? { added: 0, removed: 0, changed: 0 };
    e[k]++;
    kinds.set(kind, e);
  };
  r.added.forEach((x) => bump(x.kind, 'added'));
  r.removed.forEach((x) => bump(x.kind, 'removed'));
  r.changed.forEach((x) => bump(x.kind, 'changed'));
  return [...kinds.keys()].sort().map((k) => {
    const e = kinds.get(k)!;
    return `${k}: ${e.changed} changed, ${e.added} added, ${e.removed} removed`;
  });
}
