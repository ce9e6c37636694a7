/**
 * `configurations` and `crds`: extend the field-spec tables of a kustomization (and, through
 * mergeTables, of every kustomization above it). `configurations` files are written in the tables'
 * own format; `crds` files are OpenAPI definitions whose `x-kubernetes-*` extensions kustomize
 * reads as references, labels, annotations and names.
 */
import { BuildError, unknownFields } from '../errors.js';
import { NAME_REFERENCE_TABLE, parseSpec, splitPath, type FieldSpec, type FieldSpecTables, type NameBackRef, type ParsedFieldSpec } from '../fieldspec/index.js';
import type { TargetContext } from '../transform/index.js';
import type { Value, YMap } from '../yaml/index.js';
import { isMap } from '../yaml/map.js';

/** The field-spec tables a configurations file may extend (kustomize's names). */
const SPEC_TABLES = ['commonLabels', 'templateLabels', 'commonAnnotations', 'namePrefix', 'nameSuffix', 'namespace', 'images', 'replicas', 'varReference'];
const SPEC_KEYS = new Set(['path', 'create', 'group', 'version', 'kind']);

type Place = { file: string; field: string };

function readSpec(raw: Value, place: Place): ParsedFieldSpec {
  if (!isMap(raw)) throw new BuildError('a field spec must be a mapping with path (and kind, group, version, create)', place);
  const bad = Object.keys(raw).filter((k) => !SPEC_KEYS.has(k));
  if (bad.length) throw new BuildError(`${unknownFields(bad)} in a field spec`, place);
  for (const k of ['path', 'group', 'version', 'kind']) {
    if (raw[k] !== undefined && raw[k] !== null && typeof raw[k] !== 'string') throw new BuildError(`field spec '${k}' must be a string`, place);
  }
  if (raw.create !== undefined && typeof raw.create !== 'boolean') throw new BuildError("field spec 'create' must be true or false", place);
  const s: FieldSpec = { path: (raw.path as string | undefined) ?? '' };
  if (raw.group) s.group = raw.group as string;
  if (raw.version) s.version = raw.version as string;
  if (raw.kind) s.kind = raw.kind as string;
  if (raw.create) s.create = true;
  return parseSpec(s);
}

function specKey(s: FieldSpec): string {
  return `${s.group ?? ''}|${s.version ?? ''}|${s.kind ?? ''}|${s.path}`;
}

/** Adds specs to a table; a spec already there (same gvk and path) is not added twice. */
function addSpecs(tables: FieldSpecTables, name: string, specs: ParsedFieldSpec[]): void {
  const cur = [...((tables[name] as ParsedFieldSpec[] | undefined) ?? [])];
  const seen = new Set(cur.map(specKey));
  for (const s of specs) {
    if (seen.has(specKey(s))) continue;
    seen.add(specKey(s));
    cur.push(s);
  }
  tables[name] = cur;
}

/** Adds name-reference entries; an entry for a kind already listed gains the new referrers. */
export function addNameReferences(tables: FieldSpecTables, refs: NameBackRef[]): void {
  const cur: NameBackRef[] = (Array.isArray(tables.nameReference) ? (tables.nameReference as NameBackRef[]) : NAME_REFERENCE_TABLE)
    .map((e) => ({ ...e, fieldSpecs: [...e.fieldSpecs] }));
  for (const r of refs) {
    const same = cur.find((e) => e.kind === r.kind && (e.group ?? '') === (r.group ?? '') && (e.version ?? '') === (r.version ?? ''));
    if (!same) {
      cur.push(r);
      continue;
    }
    const seen = new Set(same.fieldSpecs.map(specKey));
    for (const s of r.fieldSpecs) if (!seen.has(specKey(s))) same.fieldSpecs.push(s);
  }
  tables.nameReference = cur;
}

/** Reads one configurations file into the tables. */
function applyConfigurationFile(tables: FieldSpecTables, doc: Value, file: string): void {
  if (doc === null) return;
  if (!isMap(doc)) throw new BuildError('a configurations file must be a mapping of table names to field specs', { file, field: '' });
  const known = new Set([...SPEC_TABLES, 'nameReference']);
  const bad = Object.keys(doc).filter((k) => !known.has(k));
  if (bad.length) {
    throw new BuildError(`unknown table${bad.length > 1 ? 's' : ''} ${bad.map((b) => `'${b}'`).join(', ')}; expected ${[...known].join(', ')}`, { file, field: bad[0] });
  }
  for (const name of SPEC_TABLES) {
    const list = doc[name];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw new BuildError(`'${name}' must be a list of field specs`, { file, field: name });
    addSpecs(tables, name, list.map((s, i) => readSpec(s, { file, field: `${name}[${i}]` })));
  }
  const refs = doc.nameReference;
  if (refs !== undefined && refs !== null) {
    if (!Array.isArray(refs)) throw new BuildError("'nameReference' must be a list of {kind, fieldSpecs}", { file, field: 'nameReference' });
    addNameReferences(tables, refs.map((e, i) => {
      const place = { file, field: `nameReference[${i}]` };
      if (!isMap(e)) throw new BuildError('a nameReference entry must be a mapping with kind and fieldSpecs', place);
      const badKeys = Object.keys(e).filter((k) => !['kind', 'group', 'version', 'fieldSpecs'].includes(k));
      if (badKeys.length) throw new BuildError(unknownFields(badKeys), place);
      const fs = e.fieldSpecs ?? [];
      if (!Array.isArray(fs)) throw new BuildError('fieldSpecs must be a list', place);
      const r: NameBackRef = { kind: typeof e.kind === 'string' ? e.kind : '', fieldSpecs: fs.map((s, j) => readSpec(s, { file, field: `${place.field}.fieldSpecs[${j}]` })) };
      if (typeof e.group === 'string' && e.group) r.group = e.group;
      if (typeof e.version === 'string' && e.version) r.version = e.version;
      return r;
    }));
  }
}

// ---------- crds: OpenAPI definitions ----------

function ext(schema: YMap, key: string): string | undefined {
  const v = schema[key];
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : '';
}

/**
 * Walks one definition's properties (`<name>.Schema.properties`), as kustomize does: the kind is
 * the definition name after its last `.`; `$ref` properties are followed into other definitions of
 * the same file.
 */
function loadDefinition(tables: FieldSpecTables, kind: string, defs: YMap, typeName: string, path: string[], depth: number): void {
  const entry = defs[typeName];
  const def = isMap(entry) ? entry.Schema : undefined;
  if (!isMap(def) || depth > 50) return;
  const props = isMap(def.properties) ? def.properties : {};
  const fs = (p: string[]): ParsedFieldSpec => ({ kind, path: p.join('/'), parts: splitPath(p.join('/')) });
  for (const [name, prop] of Object.entries(props)) {
    if (!isMap(prop)) continue;
    const p = [...path, name];
    if (ext(prop, 'x-kubernetes-annotation') !== undefined) addSpecs(tables, 'commonAnnotations', [fs(p)]);
    if (ext(prop, 'x-kubernetes-label-selector') !== undefined) addSpecs(tables, 'commonLabels', [fs(p)]);
    if (ext(prop, 'x-kubernetes-identity') !== undefined) addSpecs(tables, 'namePrefix', [fs(p)]);
    const version = ext(prop, 'x-kubernetes-object-ref-api-version');
    const refKind = ext(prop, 'x-kubernetes-object-ref-kind');
    if (version !== undefined && refKind !== undefined) {
      const nameKey = ext(prop, 'x-kubernetes-object-ref-name-key') || 'name';
      const r: NameBackRef = { kind: refKind, fieldSpecs: [fs([...p, nameKey])] };
      if (version) r.version = version;
      addNameReferences(tables, [r]);
    }
    if (typeof prop.$ref === 'string') loadDefinition(tables, kind, defs, prop.$ref, p, depth + 1);
  }
}

function applyCrdFile(tables: FieldSpecTables, doc: Value, file: string): void {
  if (doc === null) return;
  if (!isMap(doc)) throw new BuildError('a crds file must be a mapping of OpenAPI definition names to schemas', { file, field: '' });
  for (const [name, entry] of Object.entries(doc)) {
    const def = isMap(entry) ? entry.Schema : undefined;
    if (!isMap(def)) continue;
    const props = isMap(def.properties) ? def.properties : undefined;
    // Only definitions that look like Kubernetes objects start a walk.
    if (!props || !('kind' in props) || !('apiVersion' in props) || !('metadata' in props)) continue;
    const kind = name.slice(name.lastIndexOf('.') + 1);
    loadDefinition(tables, kind, doc, name, [], 0);
  }
}

/** Applies the kustomization's `configurations` and `crds` fields to ctx.tables. */
export function applyConfigurations(ctx: TargetContext): void {
  const k = ctx.k;
  (k.crds ?? []).forEach((p, i) => {
    const field = `crds[${i}]`;
    const abs = ctx.loader.resolveFile(ctx.dir, p, ctx.file, field);
    for (const d of ctx.loader.documents(abs, ctx.file, field)) applyCrdFile(ctx.tables, d, abs);
  });
  (k.configurations ?? []).forEach((p, i) => {
    const field = `configurations[${i}]`;
    const abs = ctx.loader.resolveFile(ctx.dir, p, ctx.file, field);
    for (const d of ctx.loader.documents(abs, ctx.file, field)) applyConfigurationFile(ctx.tables, d, abs);
  });
}
