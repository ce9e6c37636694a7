/**
 * Validation of a custom resource against its CRD version's structural `openAPIV3Schema`, as the
 * API server does it on a create: unknown fields (which it prunes), types (int-or-string
 * included), cheap formats, enums, required fields, value limits, list types, the
 * `x-kubernetes-*` markers, and the CEL rules (see validate-cel.ts). Defaults are not applied;
 * a null in a field that is not nullable is pruned, as the API server prunes it.
 */
import { isIP, isIPv4, isIPv6 } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { isObj, type Obj } from './source.js';
import { describe, enumMessage, isBase64 } from './validate-builtin.js';
import type { CelEvaluator, CelRule } from './validate-cel.js';

/** A structural schema node (the keys kfm reads). */
export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: CelRule[];
}

type Seg = string | number;
/** A problem: where, and what. */
export type Found = [Seg[], string];

/** What the walk needs besides the schema. */
export interface CrdContext {
  cel: CelEvaluator;
  /** Validates an ObjectMeta (the metadata of the resource and of embedded resources). */
  objectMeta: (value: unknown, at: Seg[]) => Found[];
  /** Counts of CEL rules run and skipped (by rule and reason). */
  celStats: { evaluated: number; failed: number; skipped: Map<string, { rule: string; reason: string; count: number }> };
}

/** Validates a custom resource; `status` is left out when the status subresource owns it. */
export function checkCustomResource(obj: Obj, schema: Schema, ctx: CrdContext, statusSubresource: boolean): Found[] {
  const out: Found[] = [];
  const body: Obj = { ...obj };
  if (statusSubresource) delete body.status;
  walk(schema, body, [], out, ctx, { prune: true, root: true });
  return out;
}

interface WalkOptions {
  /** False inside allOf/anyOf/oneOf/not, which only validate values. */
  prune: boolean;
  root?: boolean;
  inList?: boolean;
}

const TYPE_CHECKS: Record<string, (v: unknown) => boolean> = {
  object: isObj,
  array: Array.isArray,
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
};

function walk(s: Schema, v: unknown, at: Seg[], out: Found[], ctx: CrdContext, o: WalkOptions): void {
  if (v === null) {
    if (s.nullable || !o.prune) return;
    // The API server prunes a null field that is not nullable; a null list item stays and fails.
    if (o.inList) out.push([at, `expected ${s.type ?? 'a value'}, got null`]);
    return;
  }
  if (s['x-kubernetes-int-or-string']) {
    if (!Number.isInteger(v) && typeof v !== 'string') return void out.push([at, `expected integer or string, got ${describe(v)}`]);
  } else if (s.type && TYPE_CHECKS[s.type] && !TYPE_CHECKS[s.type](v)) {
    return void out.push([at, `expected ${s.type}, got ${describe(v)}`]);
  }
  if (s.enum && !s.enum.some((e) => isDeepStrictEqual(e, v))) out.push([at, enumMessage(v, s.enum)]);
  if (typeof v === 'string') checkString(s, v, at, out);
  if (typeof v === 'number') checkNumber(s, v, at, out);
  if (Array.isArray(v)) checkList(s, v, at, out, ctx, o);
  if (isObj(v)) checkObject(s, v, at, out, ctx, o);
  checkBranches(s, v, at, out, ctx);
  for (const rule of s['x-kubernetes-validations'] ?? []) runRule(rule, s, v, at, out, ctx);
}

function checkObject(s: Schema, v: Obj, at: Seg[], out: Found[], ctx: CrdContext, o: WalkOptions): void {
  for (const k of s.required ?? []) if (!(k in v)) out.push([[...at, k], 'required field is missing']);
  const n = Object.keys(v).length;
  if (s.minProperties !== undefined && n < s.minProperties) out.push([at, `has ${n} properties, fewer than ${s.minProperties}`]);
  if (s.maxProperties !== undefined && n > s.maxProperties) out.push([at, `has ${n} properties, more than ${s.maxProperties}`]);
  const embedded = s['x-kubernetes-embedded-resource'] || o.root;
  if (embedded && o.prune) {
    for (const k of ['apiVersion', 'kind']) {
      if (typeof v[k] !== 'string' || !v[k]) out.push([[...at, k], v[k] === undefined ? 'required field is missing' : `expected a non-empty string, got ${describe(v[k])}`]);
    }
    if (v.metadata !== undefined && v.metadata !== null) out.push(...ctx.objectMeta(v.metadata, [...at, 'metadata']));
  }
  const preserve = s['x-kubernetes-preserve-unknown-fields'];
  const extra = s.additionalProperties;
  for (const [k, x] of Object.entries(v)) {
    if (embedded && o.prune && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) continue;
    const sub = s.properties?.[k] ?? (isObj(extra) ? (extra as Schema) : undefined);
    if (sub) walk(sub, x, [...at, k], out, ctx, { prune: o.prune });
    else if (o.prune && !preserve && extra !== true) out.push([[...at, k], 'unknown field']);
  }
}

function checkList(s: Schema, v: unknown[], at: Seg[], out: Found[], ctx: CrdContext, o: WalkOptions): void {
  if (s.minItems !== undefined && v.length < s.minItems) out.push([at, `has ${v.length} items, fewer than ${s.minItems}`]);
  if (s.maxItems !== undefined && v.length > s.maxItems) out.push([at, `has ${v.length} items, more than ${s.maxItems}`]);
  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'];
  const identity = listType === 'map' && keys ? (x: unknown) => (isObj(x) ? keys.map((k) => x[k]) : x) : listType === 'set' || s.uniqueItems ? (x: unknown) => x : undefined;
  if (identity) {
    v.forEach((x, i) => {
      const id = identity(x);
      if (v.slice(0, i).some((y) => isDeepStrictEqual(identity(y), id))) out.push([[...at, i], `duplicate entry${listType === 'map' ? ` for ${keys!.join(', ')} ${JSON.stringify(id)}` : ''}`]);
    });
  }
  if (s.items) v.forEach((x, i) => walk(s.items!, x, [...at, i], out, ctx, { prune: o.prune, inList: true }));
}

const FORMATS: Record<string, (v: string) => boolean> = {
  byte: (v) => isBase64(v.replace(/[\r\n]/g, '')),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v),
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(v),
  uuid: (v) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(v),
  ipv4: (v) => isIPv4(v),
  ipv6: (v) => isIPv6(v),
  cidr: (v) => {
    const [ip, bits, ...rest] = v.split('/');
    const max = isIPv4(ip) ? 32 : isIP(ip) ? 128 : -1;
    return rest.length === 0 && /^\d+$/.test(bits ?? '') && Number(bits) <= max;
  },
};

const patterns = new Map<string, RegExp | undefined>();

function checkString(s: Schema, v: string, at: Seg[], out: Found[]): void {
  const len = [...v].length;
  if (s.minLength !== undefined && len < s.minLength) out.push([at, `is ${len} characters long, shorter than ${s.minLength}`]);
  if (s.maxLength !== undefined && len > s.maxLength) out.push([at, `is ${len} characters long, longer than ${s.maxLength}`]);
  if (s.format && FORMATS[s.format] && !FORMATS[s.format](v)) out.push([at, `${JSON.stringify(v)} is not a valid ${s.format}`]);
  if (s.pattern !== undefined) {
    if (!patterns.has(s.pattern)) {
      // Kubernetes reads patterns as Go (RE2) expressions; one JavaScript cannot read is not checked.
      let re: RegExp | undefined;
      try {
        re = new RegExp(s.pattern, 'u');
      } catch {
        re = undefined;
      }
      patterns.set(s.pattern, re);
    }
    const re = patterns.get(s.pattern);
    if (re && !re.test(v)) out.push([at, `${JSON.stringify(v)} does not match ${s.pattern}`]);
  }
}

function checkNumber(s: Schema, v: number, at: Seg[], out: Found[]): void {
  if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) out.push([at, `${v} is less than ${s.exclusiveMinimum ? 'or equal to ' : ''}the minimum ${s.minimum}`]);
  if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) out.push([at, `${v} is greater than ${s.exclusiveMaximum ? 'or equal to ' : ''}the maximum ${s.maximum}`]);
  if (s.multipleOf && !Number.isInteger(v / s.multipleOf)) out.push([at, `${v} is not a multiple of ${s.multipleOf}`]);
  if (s.format === 'int32' && (v < -(2 ** 31) || v >= 2 ** 31)) out.push([at, `${v} does not fit in int32`]);
}

/** allOf/anyOf/oneOf/not: value validations only, so unknown fields are not theirs to judge. */
function checkBranches(s: Schema, v: unknown, at: Seg[], out: Found[], ctx: CrdContext): void {
  const run = (b: Schema) => {
    const found: Found[] = [];
    walk(b, v, at, found, ctx, { prune: false });
    return found;
  };
  for (const b of s.allOf ?? []) out.push(...run(b));
  if (s.anyOf && !s.anyOf.some((b) => run(b).length === 0)) out.push([at, `matches none of the anyOf alternatives (first: ${run(s.anyOf[0])[0]?.[1] ?? 'no match'})`]);
  if (s.oneOf) {
    const n = s.oneOf.filter((b) => run(b).length === 0).length;
    if (n !== 1) out.push([at, `matches ${n} of the oneOf alternatives, not exactly one`]);
  }
  if (s.not && run(s.not).length === 0) out.push([at, 'matches the schema under "not"']);
}

function runRule(rule: CelRule, s: Schema, v: unknown, at: Seg[], out: Found[], ctx: CrdContext): void {
  const r = ctx.cel.check(rule, s, v);
  if ('skipped' in r) {
    const key = `${rule.rule}\n${r.skipped}`;
    const seen = ctx.celStats.skipped.get(key) ?? { rule: rule.rule, reason: r.skipped, count: 0 };
    seen.count++;
    ctx.celStats.skipped.set(key, seen);
    return;
  }
  ctx.celStats.evaluated++;
  if (!r.pass) {
    ctx.celStats.failed++;
    out.push([[...at, ...fieldPathSegments(rule.fieldPath)], r.message]);
  }
}

/** `.spec.ports[0]` or `.labels['a.b']` (a rule's fieldPath) as path segments. */
function fieldPathSegments(fp: string | undefined): Seg[] {
  if (!fp) return [];
  const out: Seg[] = [];
  for (const m of fp.matchAll(/\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/g)) out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]));
  return out;
}
