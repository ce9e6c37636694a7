/**
 * Legacy `vars`: each kustomization binds its vars to a resource when it finishes (matching any id
 * the resource has had), and the values are substituted once, at the top of the build, after name
 * references are fixed, in the fields of the var-reference table only.
 */
import { BuildError } from '../errors.js';
import { idKey, isClusterScoped, splitApiVersion, type ResMap, type ResId } from '../resource/index.js';
import { specsForKind, walkSpec, type FieldSpecTables } from '../fieldspec/index.js';
import type { TargetContext } from '../transform/index.js';
import { lookupParts, valueAt } from '../transform/replacements.js';
import { scalarText } from '../yaml/scalar.js';
import { formatNumber } from '../yaml/scalar.js';
import type { Value, YMap } from '../yaml/index.js';
import { isMap } from '../yaml/map.js';
import { untaggedText } from '../yaml/untagged.js';

/** A var as declared, with the id of the resource it was bound to when declared. */
export interface CollectedVar {
  name: string;
  fieldPath: string;
  /** The objref, for messages. */
  ref: string;
  /** The current id of the matched resource at declaration time; undefined when none matched. */
  boundId?: ResId;
  file: string;
  field: string;
}

/**
 * kustomize's var step rewrites an untagged value of a var-reference field (one a replacement
 * created) as a string of its text before substituting: `"0"` stays `"0"` there, where the output
 * step would type it.
 */
function asWrittenText(holder: object, key: string | number): void {
  const text = untaggedText(holder, key);
  if (text !== undefined) (holder as Record<string | number, Value>)[key] = text;
}

/** Binds the kustomization's vars to the resources accumulated so far. */
export function collectVars(m: ResMap, ctx: TargetContext): CollectedVar[] {
  const out: CollectedVar[] = [];
  (ctx.k.vars ?? []).forEach((v, i) => {
    const place = { file: ctx.file, field: `vars[${i}]` };
    const name = v.name ?? '';
    if (!name) throw new BuildError('a var needs a name', place);
    const o = v.objref;
    if (!o) throw new BuildError(`var '${name}' needs an objref (kind, name, apiVersion)`, place);
    const fieldPath = v.fieldref?.fieldpath || 'metadata.name';
    const av = o.apiVersion ?? '';
    const gv = av ? splitApiVersion(av) : { group: o.group ?? '', version: o.version ?? '' };
    const want: ResId = { group: gv.group, version: gv.version, kind: o.kind ?? '', name: o.name ?? '', namespace: o.namespace ?? '' };
    // An objref without namespace matches any namespace (kustomize keeps that for compatibility).
    const exactNs = want.namespace !== '' || isClusterScoped(want);
    const matches = (id: ResId) => id.group === want.group && id.version === want.version && id.kind === want.kind &&
      id.name === want.name && (!exactNs || idKey({ ...id, name: '' }) === idKey({ ...want, name: '' }));
    const found = m.all().filter((r) => [r.id(), ...r.ids].some(matches));
    const ref = `${av || [gv.group, gv.version].filter(Boolean).join('/') || '(no apiVersion)'} ${want.kind} ${want.namespace ? want.namespace + '/' : ''}${want.name}`;
    if (found.length > 1) {
      throw new BuildError(`found ${found.length} resources matching the objref of var '${name}' (${ref}); add a namespace or apiVersion to tell them apart`, place);
    }
    out.push({ name, fieldPath, ref, boundId: found[0]?.id(), file: ctx.file, field: place.field });
  });
  return out;
}

/** Splits a var's fieldpath: dots, `[k=v]` groups, and `name[0]` indexes. */
function varPath(path: string): string[] {
  const out: string[] = [];
  for (const p of lookupParts(path)) {
    const m = /^(.*)\[(\d+)\]$/.exec(p);
    if (!m) { out.push(p); continue; }
    if (m[1]) out.push(m[1]);
    out.push(m[2]);
  }
  return out;
}

type Scalar = string | number | bigint | boolean | null;

/** kustomize's `$(VAR)` expansion: `$$` escapes, unknown names stay, a lone reference keeps its type. */
function expand(input: string, vars: Map<string, Scalar>, used: Map<string, number>): Value {
  // Most strings hold no reference; copying them character by character cost the example 20 ms.
  if (!input.includes('$')) return input;
  let out = '';
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c !== '$' || i + 1 >= input.length) { out += c; i++; continue; }
    const next = input[i + 1];
    if (next === '$') { out += '$'; i += 2; continue; }
    if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) { out += '$('; i += 2; continue; }
      const name = input.slice(i + 2, close);
      let mapped: Scalar;
      if (vars.has(name)) {
        mapped = vars.get(name)!;
        used.set(name, (used.get(name) ?? 0) + 1);
      } else {
        mapped = `$(${name})`;
      }
      if (input === `$(${name})`) return mapped;
      out += typeof mapped === 'number' || typeof mapped === 'bigint' ? formatNumber(mapped) : String(mapped);
      i = close + 1;
      continue;
    }
    out += '$' + next;
    i += 2;
  }
  return out;
}

/**
 * Substitutes `$(VAR)` references (top of the build only). Unused vars are reported through
 * `warn`, as kustomize logs them; vars bound to nothing, or to a missing field, are errors.
 */
export function resolveVars(m: ResMap, vars: unknown[], tables?: FieldSpecTables, warn?: (msg: string) => void): void {
  const list = vars as CollectedVar[];
  if (!list.length) return;
  const seen = new Map<string, CollectedVar>();
  for (const v of list) {
    const other = seen.get(v.name);
    if (other) {
      throw new BuildError(`var '${v.name}' is defined more than once`, { file: v.file, field: v.field, detail: `also in ${other.file}: ${other.field}` });
    }
    seen.set(v.name, v);
  }
  const values = new Map<string, Scalar>();
  const dropped: string[] = [];
  for (const v of list) {
    const r = v.boundId ? m.byAnyId(v.boundId)[0] : undefined;
    if (!r) {
      throw new BuildError(`var '${v.name}' refers to ${v.ref}, which is not among the resources of the build`, { file: v.file, field: v.field });
    }
    const val = valueAt(r.obj, varPath(v.fieldPath));
    if (val === undefined) {
      throw new BuildError(`field '${v.fieldPath}' of var '${v.name}' is not found in ${v.ref}`, { file: v.file, field: `${v.field}.fieldref.fieldpath` });
    }
    // kustomize drops vars whose value is a map or a list (it only logs that).
    if (val !== null && typeof val === 'object') { dropped.push(v.name); continue; }
    values.set(v.name, val);
  }
  if (!values.size) return;
  const used = new Map<string, number>();
  const forKind = specsForKind(tables?.varReference ?? []);
  for (const r of m.all()) {
    for (const s of forKind(r.id())) {
      walkSpec(r.obj, s.parts, false, (parent, key) => {
        asWrittenText(parent, key);
        const cur = parent[key];
        if (Array.isArray(cur)) cur.forEach((_, j) => asWrittenText(cur, j));
        else if (isMap(cur)) for (const k of Object.keys(cur)) asWrittenText(cur, k);
        if (typeof cur === 'string') {
          parent[key] = expand(cur, values, used);
        } else if (Array.isArray(cur)) {
          cur.forEach((item, j) => {
            if (typeof item !== 'string') {
              throw new BuildError(`vars: ${s.path} of ${r.kind} ${r.name} holds a ${item === null ? 'null' : typeof item}; every item must be a string`, { file: r.source });
            }
            cur[j] = expand(item, values, used);
          });
        } else if (isMap(cur)) {
          for (const [k, item] of Object.entries(cur)) if (typeof item === 'string') cur[k] = expand(item, values, used);
        }
      });
    }
  }
  const unused = [...values.keys()].filter((n) => !used.get(n)).concat(dropped).sort();
  if (unused.length) warn?.(`well-defined vars that were never replaced: ${unused.join(',')}`);
}
