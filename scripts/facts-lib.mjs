// The rules of the facts comparison (scripts/facts-compare.mjs): what counts as the same resource,
// what is prose rather than fact, and which deviations are stricter than the reference.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, loadAll } from 'js-yaml';

const HASHED = /^(.*)-[bcdfghkmt2-9]{10}$/;
const PLACEHOLDER = /^<(program text|artwork): [^>]*>$/;
const RBAC_KINDS = new Set(['Role', 'ClusterRole']);
const POLICY_KINDS = new Set([
  'NetworkPolicy', 'AuthorizationPolicy', 'RequestAuthentication', 'PeerAuthentication', 'EnvoyFilter', 'Sidecar',
]);

const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const show = (v) => {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
};

/** `Kind namespace/name`, as the inventory and the ledger write ids. */
export function displayId(o, strip = (n) => n) {
  const md = o?.metadata ?? {};
  return `${o?.kind} ${md.namespace ? `${md.namespace}/` : ''}${strip(String(md.name ?? ''))}`;
}

/**
 * The deviations ledger (a file, plus one file per component group in a folder): `deviations: [{id, path?, fields: [prefix...], reason}]`. An entry applies
 * to every install path unless it names one.
 */
export function loadDeviations(file, dir) {
  const files = [file, ...(existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, f)) : [])];
  const entries = files.filter(existsSync).flatMap((f) => load(readFileSync(f, 'utf8'))?.deviations ?? []);
  for (const e of entries) {
    if (!e.id || !Array.isArray(e.fields) || !e.reason) {
      throw new Error(`${files.join(', ')}: every deviation needs id, fields and reason: ${JSON.stringify(e)}`);
    }
  }
  return { entries, for: (path) => entries.filter((e) => !e.path || e.path === path) };
}

/** Every permission a rule list grants, one string per (group, resource, verb, name) tuple. */
export function ruleTuples(rules = []) {
  const out = new Set();
  for (const r of rules ?? []) {
    for (const v of r.verbs ?? []) {
      for (const u of r.nonResourceURLs ?? []) out.add(`url ${u} ${v}`);
      for (const g of r.apiGroups ?? []) {
        for (const res of r.resources ?? []) {
          for (const n of r.resourceNames ?? ['*']) out.add(`${g || 'core'}/${res} ${v} ${n}`);
        }
      }
    }
  }
  return out;
}

/**
 * A difference is stricter than the reference when it only adds resource requests/limits, or
 * tightens a securityContext (non-root, no privilege escalation, read-only root, dropped
 * capabilities, RuntimeDefault seccomp, a non-zero user).
 */
export function isStricter(path, fact, ours) {
  const parts = path.split('.');
  const sc = parts.lastIndexOf('securityContext');
  const rs = parts.lastIndexOf('resources');
  if (rs >= 0 && rs > sc) return fact === undefined && ours !== undefined;
  if (sc < 0) return false;
  const key = parts.length - 1 > sc ? parts[parts.length - 1].replace(/\[.*$/, '') : undefined;
  return strictValue(key, fact, ours);
}

function strictValue(key, fact, ours) {
  if (isMap(ours) && (fact === undefined || isMap(fact))) {
    return Object.entries(ours).every(([k, v]) => {
      const f = fact?.[k];
      return JSON.stringify(f) === JSON.stringify(v) || strictValue(k, f, v);
    });
  }
  switch (key) {
    case 'runAsNonRoot':
    case 'readOnlyRootFilesystem':
      return ours === true;
    case 'allowPrivilegeEscalation':
    case 'privileged':
      return ours === false;
    case 'drop':
      return Array.isArray(ours) && ours.includes('ALL');
    case 'type':
      return ours === 'RuntimeDefault' && (fact === undefined || fact === 'Unconfined');
    case 'runAsUser':
    case 'runAsGroup':
    case 'fsGroup':
      return fact === undefined && typeof ours === 'number' && ours > 0;
    default:
      return false;
  }
}

/** Removes prose the facts do not hold: CRD descriptions and Knative's `_example` keys. */
function stripProse(o) {
  if (o.kind === 'CustomResourceDefinition') {
    const walk = (v) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (isMap(v)) {
        if (typeof v.description === 'string') delete v.description;
        Object.values(v).forEach(walk);
      }
    };
    walk(o.spec);
  }
  if (o.kind === 'ConfigMap' && isMap(o.data)) delete o.data._example;
  return o;
}

function parseEmbedded(text) {
  try {
    const docs = loadAll(text).filter((d) => d !== null && d !== undefined);
    if (docs.length === 1 && typeof docs[0] === 'object') return { ok: true, value: docs[0] };
    if (docs.length > 1) return { ok: true, value: docs };
  } catch {
    /* not YAML: compared as text */
  }
  return { ok: false };
}

const meaningfulLines = (t) =>
  t.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() && !/^\s*(#|\/\/)/.test(l));

/** Compares two resources; pushes `{path, fact, ours}` for every difference. */
function diffValue(fact, ours, path, out, ctx) {
  if (typeof fact === 'string' && PLACEHOLDER.test(fact)) {
    if (typeof ours !== 'string' || !ours.trim()) out.push({ path, fact, ours });
    return;
  }
  if (typeof fact === 'string' && typeof ours === 'string') {
    const f = ctx.norm(fact);
    const o = ctx.norm(ours);
    if (f === o) return;
    if (ctx.file && (f.includes('\n') || o.includes('\n') || /^[[{]/.test(f))) {
      const pf = parseEmbedded(f);
      const po = parseEmbedded(o);
      if (pf.ok && po.ok) return diffValue(pf.value, po.value, `${path}|`, out, { ...ctx, top: false, file: false });
      const lf = meaningfulLines(f);
      const lo = meaningfulLines(o);
      if (lf.join('\n') === lo.join('\n')) return;
      const i = lf.findIndex((l, k) => l !== lo[k]);
      out.push({ path: `${path}|line ${i + 1}`, fact: lf[i], ours: lo[i] });
      return;
    }
    out.push({ path, fact, ours });
    return;
  }
  if (Array.isArray(fact) && Array.isArray(ours)) return diffList(fact, ours, path, out, ctx);
  if (isMap(fact) && isMap(ours)) {
    const keys = new Set([...Object.keys(fact), ...Object.keys(ours)]);
    // The values right under data/stringData/binaryData are files (their keys may hold dots).
    const files = ctx.top && ['data', 'stringData', 'binaryData'].includes(path);
    for (const k of [...keys].sort()) {
      diffValue(fact[k], ours[k], path ? `${path}.${k}` : k, out, { ...ctx, top: path === '', file: files });
    }
    return;
  }
  if (JSON.stringify(fact) !== JSON.stringify(ours)) out.push({ path, fact, ours });
}

function namesOf(list) {
  if (!list.length || !list.every((x) => isMap(x) && typeof x.name === 'string')) return undefined;
  const names = list.map((x) => x.name);
  return new Set(names).size === names.length ? names : undefined;
}

function diffList(fact, ours, path, out, ctx) {
  const fn = namesOf(fact);
  const on = namesOf(ours);
  if (fn && on) {
    for (const n of new Set([...fn, ...on])) {
      diffValue(fact[fn.indexOf(n)], ours[on.indexOf(n)], `${path}[name=${n}]`, out, ctx);
    }
    const common = fn.filter((n) => on.includes(n));
    const oc = on.filter((n) => fn.includes(n));
    if (common.join() !== oc.join()) out.push({ path: `${path}(order)`, fact: fn, ours: on });
    return;
  }
  if (fact.every((x) => !isMap(x) && !Array.isArray(x)) || fact.length !== ours.length) {
    if (JSON.stringify(fact.map(ctx.deep)) !== JSON.stringify(ours.map(ctx.deep))) {
      if (fact.length === ours.length) fact.forEach((f, i) => diffValue(f, ours[i], `${path}[${i}]`, out, ctx));
      else out.push({ path, fact, ours });
    }
    return;
  }
  fact.forEach((f, i) => diffValue(f, ours[i], `${path}[${i}]`, out, ctx));
}

/**
 * Compares the facts of one install path with our rendering of it. Returns counts, the ids that
 * are missing or extra, the resources that differ (with their field paths), the ledgered
 * deviations that were used, and per-category counts.
 */
export function compareResources(facts, ours, deviations) {
  const hashed = new Set();
  for (const o of [...facts, ...ours]) {
    const n = o?.metadata?.name;
    if ((o?.kind === 'ConfigMap' || o?.kind === 'Secret') && typeof n === 'string' && HASHED.test(n)) hashed.add(n);
  }
  const strip = (n) => (hashed.has(n) ? n.replace(HASHED, '$1') : n);
  const norm = (s) => s.replace(/[a-z0-9][-a-z0-9.]*-[bcdfghkmt2-9]{10}\b/g, (m) => (hashed.has(m) ? strip(m) : m));
  const deep = (v) => (typeof v === 'string' ? norm(v) : v);
  const key = (o) => `${String(o.apiVersion).split('/').slice(0, -1).join('/')}|${displayId(o, strip)}`;

  const mine = new Map(ours.map((o) => [key(o), o]));
  const seen = new Set();
  const res = { facts: facts.length, equal: 0, deviated: [], differ: [], missing: [], extra: [], unusedDeviations: [], categories: {} };
  const used = new Set();
  const bump = (k, n = 1) => n && (res.categories[k] = (res.categories[k] ?? 0) + n);

  for (const f of facts) {
    const k = key(f);
    const o = mine.get(k);
    const id = displayId(f, strip);
    if (!o) {
      res.missing.push(id);
      if (RBAC_KINDS.has(f.kind)) bump('rbac permissions missing', ruleTuples(f.rules).size);
      continue;
    }
    seen.add(k);
    const a = stripProse(structuredClone(f));
    const b = stripProse(structuredClone(o));
    const diffs = [];
    if (f.kind === 'Secret') for (const s of [a, b]) decodeSecret(s);
    diffValue(a, b, '', diffs, { norm, deep, top: true, file: false });
    if (!diffs.length) {
      res.equal++;
      continue;
    }
    const mineDevs = deviations.filter((d) => d.id === id);
    const real = diffs.filter((d) => {
      const dev = mineDevs.find((e) => e.fields.some((p) => d.path === p || d.path.startsWith(`${p}.`)));
      if (dev && isStricter(d.path, d.fact, d.ours)) {
        used.add(dev);
        return false;
      }
      return true;
    });
    if (RBAC_KINDS.has(f.kind)) {
      const tf = ruleTuples(f.rules);
      const to = ruleTuples(o.rules);
      bump('rbac permissions missing', [...tf].filter((t) => !to.has(t)).length);
      bump('rbac permissions extra', [...to].filter((t) => !tf.has(t)).length);
    }
    if (f.kind === 'CustomResourceDefinition') bump('crd field differences', real.length);
    if (POLICY_KINDS.has(f.kind) && real.length) bump('policies differing');
    if (real.length) {
      res.differ.push({ id, diffs: real.map((d) => `${d.path}: facts ${show(d.fact)}, ours ${show(d.ours)}`) });
    } else {
      res.deviated.push(id);
    }
  }
  for (const o of ours) if (!seen.has(key(o))) res.extra.push(displayId(o, strip));
  const factIds = new Set(facts.map((f) => displayId(f, strip)));
  for (const d of deviations) if (!used.has(d) && factIds.has(d.id)) res.unusedDeviations.push(`${d.id} ${d.fields.join(', ')}`);
  return res;
}

function decodeSecret(s) {
  if (!isMap(s.data)) return;
  for (const [k, v] of Object.entries(s.data)) {
    if (typeof v === 'string') s.data[k] = Buffer.from(v, 'base64').toString('utf8');
  }
}
