/**
 * The `kfm edit` operations, one function each, as kustomize's `edit` subcommands behave: list
 * entries are added once (an entry already there is left alone with a note), map entries are
 * refused when present unless forced, and fields that end up empty are dropped.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, YAMLMap } from 'yaml';
import { BuildError } from '../errors.js';
import type { KFile } from './kfile.js';
import type { Target } from '../merge/select.js';

/** Where notes for the user go (kustomize prints them and carries on). */
export type Note = (msg: string) => void;

/** Expands glob patterns relative to the kustomization folder; a pattern matching nothing is an error. */
export function expandPaths(dir: string, patterns: string[], what: string): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    if (/^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(p)) {
      out.push(p);
      continue;
    }
    const hits = /[*?]/.test(p) ? glob(dir, p) : existsSync(join(dir, p)) ? [p] : [];
    if (hits.length === 0) throw new BuildError(`${p} has no match: no ${what} file or folder of that name in ${dir}`);
    out.push(...hits);
  }
  return out;
}

/** Appends paths to a list field, skipping those already there. */
export function addToList(k: KFile, field: string, items: string[], note: Note): void {
  const have = new Set(k.strings(field));
  const seq = k.list(field);
  for (const i of items) {
    if (have.has(i)) {
      note(`${field} entry ${i} already in kustomization file`);
      continue;
    }
    seq.add(i);
    have.add(i);
  }
}

/** Removes entries from a list field; names that are not there are noted, or refused when `strict`. */
export function removeFromList(k: KFile, field: string, items: string[], note: Note): void {
  const seq = k.list(field);
  const present = new Set(seq.items.map((i) => String(isScalar(i) ? i.value : i)));
  const drop = new Set<string>();
  for (const pattern of items) {
    const rx = globRegex(pattern);
    const hit = [...present].filter((p) => p === pattern || rx.test(p));
    if (!hit.length) note(`${field} entry ${pattern} not found in kustomization file`);
    hit.forEach((h) => drop.add(h));
  }
  seq.items = seq.items.filter((i) => !drop.has(String(isScalar(i) ? i.value : i)));
  k.dropIfEmpty(field);
}

/** The paths under `dir` matching a pattern of `*` and `?` segments (no `**`), sorted. */
function glob(dir: string, pattern: string): string[] {
  let found = [''];
  for (const seg of pattern.split('/')) {
    if (!/[*?]/.test(seg)) {
      found = found.map((f) => (f ? `${f}/${seg}` : seg)).filter((f) => existsSync(join(dir, f)));
      continue;
    }
    const rx = globRegex(seg);
    found = found.flatMap((f) => {
      const at = join(dir, f);
      if (!existsSync(at) || !statSync(at).isDirectory()) return [];
      return readdirSync(at).filter((n) => rx.test(n)).sort().map((n) => (f ? `${f}/${n}` : n));
    });
  }
  return found;
}

function globRegex(p: string): RegExp {
  return new RegExp(`^${p.replace(/[.+^${}()|\\]/g, '\\$&').replaceAll('*', '[^/]*').replaceAll('?', '[^/]')}$`);
}

/** `k:v,k2:v2` arguments as pairs (a value may be empty, never missing). */
export function parsePairs(args: string[], what: string): [string, string][] {
  const out: [string, string][] = [];
  for (const arg of args) {
    for (const part of arg.split(',')) {
      const i = part.indexOf(':');
      if (i <= 0) throw new BuildError(`invalid ${what} '${part}': expected key:value`);
      out.push([part.slice(0, i), part.slice(i + 1)]);
    }
  }
  return out;
}

/** Writes pairs into a string map; an existing key is refused unless `force`. */
export function putPairs(map: YAMLMap, pairs: [string, string][], what: string, force: boolean): void {
  for (const [key, value] of pairs) {
    if (map.has(key) && !force) throw new BuildError(`${what} ${key} already in kustomization file; use --force to override`);
    map.set(key, value);
  }
}

/** `add label` / `set label`: commonLabels, or a `labels` entry without selectors. */
export function addLabels(k: KFile, pairs: [string, string][], o: { force: boolean; withoutSelector?: boolean; includeTemplates?: boolean }): void {
  if (o.withoutSelector) {
    const seq = k.list('labels');
    const entry = new YAMLMap();
    entry.set('pairs', Object.fromEntries(pairs));
    if (o.includeTemplates) entry.set('includeTemplates', true);
    seq.add(entry);
    return;
  }
  if (o.includeTemplates) throw new BuildError('--include-templates goes with --without-selector');
  putPairs(k.map('commonLabels'), pairs, 'label', o.force);
}

/** `remove label` / `remove annotation`: keys out of the map field (and, for labels, `labels` entries). */
export function removeKeys(k: KFile, field: string, keys: string[], note: Note, ignoreMissing: boolean): void {
  const maps: YAMLMap[] = [];
  const top = k.doc.get(field, true);
  if (isMap(top)) maps.push(top);
  if (field === 'commonLabels') {
    const labels = k.doc.get('labels', true);
    if (isSeq(labels)) for (const l of labels.items) if (isMap(l) && isMap(l.get('pairs', true))) maps.push(l.get('pairs', true) as unknown as YAMLMap);
  }
  for (const key of keys.flatMap((x) => x.split(','))) {
    const holders = maps.filter((m) => m.has(key));
    if (!holders.length) {
      if (!ignoreMissing) throw new BuildError(`${field === 'commonLabels' ? 'label' : 'annotation'} ${key} is not in the kustomization file`);
      note(`${key} not found`);
    }
    holders.forEach((m) => m.delete(key));
  }
  k.dropIfEmpty(field);
  if (field === 'commonLabels') {
    const labels = k.doc.get('labels', true);
    if (isSeq(labels)) {
      labels.items = labels.items.filter((l) => !(isMap(l) && isMap(l.get('pairs', true)) && (l.get('pairs', true) as unknown as YAMLMap).items.length === 0));
      k.dropIfEmpty('labels');
    }
  }
}

/** An image argument: `name=newName:tag@digest`, `name=newName`, `name:tag`, `name@digest`. */
export function parseImage(arg: string): { name: string; newName?: string; newTag?: string; digest?: string } {
  const eq = arg.indexOf('=');
  const name = eq >= 0 ? arg.slice(0, eq) : undefined;
  let rest = eq >= 0 ? arg.slice(eq + 1) : arg;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!rest || (name !== undefined && !name)) throw new BuildError(`invalid image '${arg}': expected name=newName:tag@digest, name:tag or name@digest`);
  if (digest !== undefined && !/^[a-z0-9]+:[a-f0-9]+$/.test(digest)) throw new BuildError(`invalid image '${arg}': digest '${digest}' is not algorithm:hex`);
  return name !== undefined ? { name, newName: rest, newTag: tag, digest } : { name: rest, newTag: tag, digest };
}

/** `set image`: updates the entry of that name or appends one. */
export function setImage(k: KFile, arg: string): void {
  const img = parseImage(arg);
  const seq = k.list('images');
  let entry = seq.items.find((i) => isMap(i) && i.get('name') === img.name) as YAMLMap | undefined;
  if (!entry) {
    entry = new YAMLMap();
    entry.set('name', img.name);
    seq.add(entry);
  }
  if (img.newName !== undefined && img.newName !== img.name) entry.set('newName', img.newName);
  if (img.newTag !== undefined) {
    entry.set('newTag', img.newTag);
    if (img.digest === undefined) entry.delete('digest');
  }
  if (img.digest !== undefined) {
    entry.set('digest', img.digest);
    if (img.newTag === undefined) entry.delete('newTag');
  }
}

/** `set replicas name=count`. */
export function setReplicas(k: KFile, arg: string): void {
  const m = /^([^=]+)=(\d+)$/.exec(arg);
  if (!m) throw new BuildError(`invalid replicas '${arg}': expected name=count`);
  const seq = k.list('replicas');
  const entry = seq.items.find((i) => isMap(i) && i.get('name') === m[1]) as YAMLMap | undefined;
  if (entry) entry.set('count', Number(m[2]));
  else {
    const e = new YAMLMap();
    e.set('name', m[1]);
    e.set('count', Number(m[2]));
    seq.add(e);
  }
}

/** Options of `add configmap` / `add secret`. */
export interface GeneratorFlags {
  fromLiteral?: string[];
  fromFile?: string[];
  fromEnvFile?: string;
  behavior?: string;
  disableNameSuffixHash?: boolean;
  namespace?: string;
  type?: string;
}

/** `add configmap|secret NAME`: a new generator entry (an existing name is refused unless merging). */
export function addGenerator(k: KFile, field: 'configMapGenerator' | 'secretGenerator', name: string, f: GeneratorFlags, dir: string): void {
  if (!f.fromLiteral?.length && !f.fromFile?.length && !f.fromEnvFile) {
    throw new BuildError(`add ${field === 'configMapGenerator' ? 'configmap' : 'secret'} ${name}: give --from-literal, --from-file or --from-env-file`);
  }
  if (f.behavior && !['create', 'merge', 'replace'].includes(f.behavior)) throw new BuildError(`--behavior must be create, merge or replace, not '${f.behavior}'`);
  for (const l of f.fromLiteral ?? []) if (!/^[^=]+=/.test(l)) throw new BuildError(`invalid --from-literal '${l}': expected key=value`);
  for (const file of [...(f.fromFile ?? []).map((x) => x.slice(x.indexOf('=') + 1)), ...(f.fromEnvFile ? [f.fromEnvFile] : [])]) {
    if (!existsSync(`${dir}/${file}`) || !statSync(`${dir}/${file}`).isFile()) throw new BuildError(`'${file}' is not a file in ${dir}`);
  }
  const seq = k.list(field);
  const same = seq.items.find((i) => isMap(i) && i.get('name') === name && (i.get('namespace') ?? '') === (f.namespace ?? ''));
  if (same) throw new BuildError(`${field} ${name} already in kustomization file; remove it first or edit it`);
  const e = new YAMLMap();
  e.set('name', name);
  if (f.namespace) e.set('namespace', f.namespace);
  if (f.behavior) e.set('behavior', f.behavior);
  if (f.type) e.set('type', f.type);
  if (f.fromLiteral?.length) e.set('literals', f.fromLiteral);
  if (f.fromFile?.length) e.set('files', f.fromFile);
  if (f.fromEnvFile) e.set('envs', [f.fromEnvFile]);
  if (f.disableNameSuffixHash) e.set('options', { disableNameSuffixHash: true });
  seq.add(e);
}

/** `remove configmap|secret NAME...`. */
export function removeGenerators(k: KFile, field: 'configMapGenerator' | 'secretGenerator', names: string[], note: Note): void {
  const seq = k.list(field);
  for (const n of names.flatMap((x) => x.split(','))) {
    const before = seq.items.length;
    seq.items = seq.items.filter((i) => !(isMap(i) && i.get('name') === n));
    if (seq.items.length === before) note(`${field} ${n} not found`);
  }
  k.dropIfEmpty(field);
}

/** A patch entry as `add patch` / `remove patch` name it. */
export interface PatchFlags extends Target {
  path?: string;
  patch?: string;
}

function patchEntry(f: PatchFlags): Record<string, unknown> {
  if (!f.path === !f.patch) throw new BuildError('give exactly one of --path and --patch');
  const target = Object.fromEntries(
    (['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const).filter((t) => f[t] !== undefined).map((t) => [t, f[t]]),
  );
  return { ...(f.path ? { path: f.path } : { patch: f.patch }), ...(Object.keys(target).length ? { target } : {}) };
}

const sameEntry = (a: unknown, b: Record<string, unknown>) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}

/** `add patch`: appends a `patches` entry unless the same one is there. */
export function addPatch(k: KFile, f: PatchFlags, dir: string, note: Note): void {
  const e = patchEntry(f);
  if (f.path && !existsSync(`${dir}/${f.path}`)) throw new BuildError(`patch file '${f.path}' does not exist in ${dir}`);
  const seq = k.list('patches');
  if (seq.items.some((i) => sameEntry((i as { toJSON(): unknown }).toJSON(), e))) {
    note('patch already in kustomization file');
    return;
  }
  seq.add(k.doc.createNode(e));
}

/** `remove patch`: drops the matching `patches` entries. */
export function removePatch(k: KFile, f: PatchFlags, note: Note): void {
  const e = patchEntry(f);
  const seq = k.list('patches');
  const before = seq.items.length;
  seq.items = seq.items.filter((i) => !sameEntry((i as { toJSON(): unknown }).toJSON(), e));
  if (seq.items.length === before) note('patch not found in kustomization file');
  k.dropIfEmpty('patches');
}

/** The buildMetadata options kustomize knows. */
export const BUILD_METADATA = ['originAnnotations', 'transformerAnnotations', 'managedByLabel'];

/** Checks buildMetadata option names. */
export function buildMetadataOptions(args: string[]): string[] {
  const opts = args.flatMap((a) => a.split(',')).filter(Boolean);
  for (const o of opts) if (!BUILD_METADATA.includes(o)) throw new BuildError(`invalid buildMetadata option '${o}': expected one of ${BUILD_METADATA.join(', ')}`);
  return opts;
}
