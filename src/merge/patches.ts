/**
 * Applying patch entries (`patches`, and the legacy `patchesStrategicMerge` / `patchesJson6902`):
 * loading a patch from a file or inline text, telling strategic-merge from JSON 6902 patches as
 * kustomize does (a list of operations vs. mappings), finding targets and applying.
 */
import { BuildError, type ErrorPlace } from '../errors.js';
import { checkRereadable, ensureAnnotations, idKey, idOf, idText, type ResMap, type Resource, type ResId } from '../resource/index.js';
import { nullMetaTexts, parseAll, YamlSyntaxError, type Value, type YMap } from '../yaml/index.js';
import type { TargetContext } from '../transform/context.js';
import { strategicMerge, DELETED } from './strategic.js';
import { applyJson6902, toJsonOps, type JsonOp } from './json6902.js';
import { selectTargets, targetText, type Target } from './select.js';
import { builtinMergeSchema, type MergeSchema } from './schema.js';
import { parseAllV2 } from './yaml11.js';
import { scalarText } from '../yaml/scalar.js';
import { MergeKindError } from './strategic.js';
import { copyValue, isMap, mapOf, newMap } from '../yaml/map.js';
import { applyJsonTexts, carryMergedJsonTexts } from '../yaml/jsontext.js';

/** A `patches` entry as written. */
export interface PatchEntry {
  path?: string;
  patch?: string;
  target?: Target;
  options?: { allowNameChange?: boolean; allowKindChange?: boolean };
}

/** A loaded patch: strategic-merge documents or JSON operations (or nothing, for an empty file). */
export type LoadedPatch =
  | { type: 'sm'; docs: YMap[] }
  | { type: 'json'; ops: JsonOp[] }
  | { type: 'empty' };

/** The merge schema in force for a kustomization: the build's custom OpenAPI schema, if one was chosen. */
export function mergeSchemaFor(ctx: TargetContext): MergeSchema {
  return ctx.openapi?.schema ?? builtinMergeSchema();
}

/** Reads a patch text with `parse` (go-yaml v3's or v2's rules); a syntax error names the patch. */
function parsePatch(parse: (text: string, source: string) => Value[], text: string, source: string, place: ErrorPlace): Value[] {
  try {
    return parse(text, source);
  } catch (e) {
    if (e instanceof YamlSyntaxError) {
      throw new BuildError(`patch is not valid YAML: ${e.reason} (line ${e.line}, column ${e.column})`, { ...place, detail: source });
    }
    throw e;
  }
}

const parseV3 = (text: string, source: string) => parseAll(text, source, { patch: true });

/**
 * A list of JSON 6902 operations. An empty list is refused, as kustomize does: it reads `[]` as an
 * empty strategic-merge patch too ("illegally qualifies as both"), and its legacy JSON 6902
 * transformer calls it empty.
 */
function jsonPatch(ops: Value, source: string, place: ErrorPlace): LoadedPatch {
  if (Array.isArray(ops) && ops.length === 0) {
    throw new BuildError('the JSON 6902 patch is an empty list of operations; give at least one operation, or remove the patch', { ...place, detail: source });
  }
  return { type: 'json', ops: toJsonOps(ops, { ...place, detail: source }) };
}

/** Tells what kind of patch a text holds. `source` names it for messages. */
export function loadPatchText(text: string, source: string, place: ErrorPlace): LoadedPatch {
  if (text.trimStart().startsWith('[')) {
    // kustomize reads a text that starts with '[' as JSON, strictly.
    let ops: Value;
    try {
      ops = JSON.parse(text) as Value;
    } catch (e) {
      throw new BuildError(`patch starts with '[' but is not valid JSON: ${(e as Error).message}`, { ...place, detail: source });
    }
    return jsonPatch(ops, source, place);
  }
  const docs = parsePatch(parseV3, text, source, place).filter((d) => d !== null);
  if (docs.length === 0) return { type: 'empty' };
  if (docs.length === 1 && Array.isArray(docs[0])) {
    const v2 = parsePatch(parseAllV2, text, source, place).filter((d) => d !== null);
    return jsonPatch(v2[0], source, place);
  }
  const sm: YMap[] = [];
  for (const d of docs) {
    if (!isMap(d)) {
      throw new BuildError(
        'a patch must be a strategic-merge patch (YAML mappings) or a JSON 6902 patch (one list of operations)',
        { ...place, detail: source },
      );
    }
    const md = d.metadata;
    const missing = typeof d.kind !== 'string' || d.kind === '' ? 'kind'
      : !isMap(md) || typeof md.name !== 'string' || md.name === '' ? 'metadata.name' : undefined;
    if (missing) {
      throw new BuildError(
        `a strategic-merge patch needs '${missing}'${docs.length > 1 ? ` (document ${sm.length + 1})` : ''}, ` +
          'like the resource it patches (with a target, its value does not matter)',
        { ...place, detail: source },
      );
    }
    sm.push(d);
  }
  return { type: 'sm', docs: sm };
}

/** Go's unicode.IsSpace runs at either end (unlike JavaScript's, no BOM). */
const GO_SPACE_EDGES = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/**
 * Go's strings.TrimSpace: kustomize trims the inline text of a `patches` entry (not of the legacy
 * fields), so a block scalar on its last line loses its final line breaks.
 */
function goTrimSpace(s: string): string {
  return s.replace(GO_SPACE_EDGES, '');
}

/** Reads an entry's patch from its file or inline text (trimmed for `patches`). */
function loadEntry(e: PatchEntry, ctx: TargetContext, field: string, trim = false): { patch: LoadedPatch; source: string } {
  const place = { file: ctx.file, field };
  if (e.path !== undefined && e.patch !== undefined) {
    throw new BuildError("set either 'path' or 'patch', not both", place);
  }
  if (e.path !== undefined) {
    const abs = ctx.loader.resolveFile(ctx.dir, e.path, ctx.file, `${field}.path`);
    return { patch: loadPatchText(ctx.loader.text(abs, ctx.file, `${field}.path`), abs, place), source: e.path };
  }
  if (e.patch !== undefined) {
    const text = trim && typeof e.patch === 'string' ? goTrimSpace(e.patch) : e.patch;
    return { patch: loadPatchText(text, 'inline patch', place), source: 'inline patch' };
  }
  throw new BuildError("a patch needs 'path' (a file) or 'patch' (inline text)", place);
}

/**
 * Where kustomize rewrites a patch's labels or annotations as string maps, a null map deletes
 * nothing (it is dropped) and a null value becomes its written text (`null`, `~`, or '').
 */
function stringMeta(p: YMap, fields: ('labels' | 'annotations')[]): void {
  if (!isMap(p.metadata)) return;
  const md: YMap = { ...p.metadata };
  for (const f of fields) {
    const m = md[f];
    if (m === null) delete md[f];
    else if (isMap(m)) {
      const texts = nullMetaTexts.get(m) ?? {};
      const strings: YMap = {};
      for (const [k, v] of Object.entries(m)) strings[k] = v === null ? texts[k] ?? 'null' : v;
      md[f] = strings;
    }
  }
  p.metadata = md;
}

/** The id a strategic-merge patch names (kind, apiVersion, metadata.name/namespace). */
function patchId(doc: YMap): ResId {
  return idOf(doc);
}

/** Finds the one resource a target-less patch applies to: the one that has (or had) its id. */
function findById(m: ResMap, id: ResId, place: ErrorPlace, source: string): Resource {
  const found = m.byAnyId(id);
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    const near = m.all().filter((r) => r.kind === id.kind && r.ids.some((i) => i.name === id.name)).map((r) => idText(r.id()));
    throw new BuildError(
      `patch '${source}' names ${idText(id)}, which is not among the resources; ` +
        'check its apiVersion, kind, metadata.name and metadata.namespace, or give the patch a target',
      { ...place, detail: near.length ? `resources of that kind and name: ${near.join(', ')}` : undefined },
    );
  }
  throw new BuildError(`patch '${source}' names ${idText(id)}, which matches ${found.length} resources; give the patch a target`, place);
}

interface ApplyOptions {
  allowNameChange?: boolean;
  allowKindChange?: boolean;
}

/**
 * kustomize rewrites a patched object's annotations as strings (they are a string map to it): a
 * number or boolean a patch put there comes out as its text, and an emptied map disappears. After
 * a JSON patch (`json`), a null value, which went through JSON, comes out as the text "null".
 */
function normalizeAnnotations(obj: YMap, json = false): void {
  const md = obj.metadata;
  if (!isMap(md) || !isMap(md.annotations)) return;
  const a = md.annotations;
  for (const [k, v] of Object.entries(a)) {
    if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') a[k] = scalarText(v);
    else if (v === null && json) a[k] = 'null';
  }
  if (Object.keys(a).length === 0) delete md.annotations;
}

function setNamespace(obj: YMap, ns: unknown): void {
  const md = isMap(obj.metadata) ? obj.metadata : (obj.metadata = newMap());
  if (typeof ns === 'string' && ns !== '') md.namespace = ns;
  else delete md.namespace;
}

/**
 * Applies one strategic-merge patch document to one resource in `m`, as kustomize does: the
 * resource keeps its apiVersion, namespace, and (unless allowed) name and kind. A `$patch: delete`
 * document removes the resource; the result says whether the resource is still there.
 */
export function applySmToResource(
  m: ResMap, r: Resource, doc: YMap, opts: ApplyOptions, schema: MergeSchema = builtinMergeSchema(),
  place: ErrorPlace = {}, source = 'patch',
): boolean {
  const md = isMap(r.obj.metadata) ? r.obj.metadata : newMap();
  const name = md.name;
  const ns = md.namespace;
  const kind = r.obj.kind;
  const p = mapOf(doc);
  // kustomize records the id before a patch that may rename, renamed or not: name references then
  // treat the resource as renamed, also by a later step that records nothing (legacy JSON 6902).
  if (opts.allowNameChange || opts.allowKindChange) r.storePreviousId();
  // kustomize carries these options as annotations of the patch itself, rewriting them as strings.
  if (opts.allowNameChange || opts.allowKindChange) stringMeta(p, ['annotations']);
  // kustomize keeps its bookkeeping (the name-hash mark of a generated object, earlier ids, build
  // history) in annotations, which this deletes.
  const wipes = isMap(p.metadata) && p.metadata.annotations === null;
  if (r.generated && wipes) r.generated.hashSuffix = false;
  // The resource keeps its apiVersion (a null one too, which in the patch would delete it).
  const apiVersion = r.obj.apiVersion;
  delete p.apiVersion;
  let out;
  try {
    out = strategicMerge(r.obj, p, r.id(), schema);
  } catch (e) {
    if (e instanceof MergeKindError) {
      throw new BuildError(
        `cannot merge the patch into ${idText(r.id())} at '${e.path}': the resource has ${e.has} there, the patch ${e.patch}`,
        { ...place, detail: source },
      );
    }
    throw e;
  }
  if (out === DELETED) {
    // kustomize removes by current id: every resource that has the deleted one's id goes with it.
    const key = idKey(r.id());
    for (const x of [...m.all()]) if (x === r || idKey(x.id()) === key) m.remove(x);
    return false;
  }
  // The merge builds new maps: the JSON-text notes go with the values they speak of.
  if (isMap(out) && isMap(out.metadata)) {
    carryMergedJsonTexts(md.annotations, isMap(p.metadata) ? p.metadata.annotations : undefined, out.metadata.annotations);
  }
  r.obj = out;
  if (apiVersion === undefined) delete r.obj.apiVersion;
  else r.obj.apiVersion = apiVersion;
  if (!opts.allowKindChange) {
    if (kind === undefined) delete r.obj.kind;
    else r.obj.kind = kind;
  }
  const omd = isMap(r.obj.metadata) ? r.obj.metadata : (r.obj.metadata = newMap());
  if (!opts.allowNameChange) {
    if (name === undefined) delete omd.name;
    else omd.name = name;
  }
  setNamespace(r.obj, ns);
  normalizeAnnotations(r.obj);
  if (wipes) r.wipeAnnotationHistory();
  return true;
}

/**
 * Applies one loaded patch: with a target, to every resource it selects; without, each
 * strategic-merge document to the resource with its id. `place` and `source` are for messages.
 */
export function applyLoadedPatch(
  m: ResMap, patch: LoadedPatch, target: Target | undefined, opts: ApplyOptions,
  place: ErrorPlace, source: string, schema: MergeSchema = builtinMergeSchema(), legacyJson = false,
): void {
  if (patch.type === 'empty') return;
  if (patch.type === 'json') {
    if (!target) throw new BuildError(`JSON 6902 patch '${source}' needs a 'target' saying which resources it applies to`, place);
    for (const r of selectTargets(m, target, place)) {
      checkRereadable(r, place, 'before a JSON patch');
      ensureAnnotations(r.obj);
      applyJsonTexts((r.obj.metadata as YMap).annotations as YMap);
      if (!legacyJson) r.storePreviousId();
      r.obj = applyJson6902(r.obj, patch.ops, place, `${idText(r.id())} (patch '${source}')`);
      normalizeAnnotations(r.obj, true);
      // kustomize's legacy JSON 6902 transformer leaves a new resource that keeps only the names
      // recorded before (by prefixes, namespaces), not the one it had just now.
      if (legacyJson) r.replaceLastId();
    }
    return;
  }
  if (target && patch.docs.length > 1) {
    throw new BuildError(
      `patch '${source}' holds ${patch.docs.length} strategic-merge documents; with a 'target' it may hold only one ` +
        '(split it into several entries, or drop the target so each document names its resource)',
      place,
    );
  }
  for (const doc of patch.docs) {
    if (target) {
      // kustomize renames a targeted patch to each target through its resource view, which
      // rewrites the patch's labels and annotations as string maps.
      const d = mapOf(doc);
      stringMeta(d, ['labels', 'annotations']);
      for (const r of selectTargets(m, target, place)) {
        // kustomize gives the patch each target's group and version before merging; a target
        // without an apiVersion so gets a null one (an untargeted patch does not).
        const noVersion = r.obj.apiVersion === undefined;
        const kept = applySmToResource(m, r, copyValue(d), opts, schema, place, source);
        if (noVersion && kept) r.obj.apiVersion = null;
      }
      // kustomize puts every resource back into its list after a targeted strategic-merge patch,
      // selected or not; the list refuses an id it holds already (a patch giving several targets
      // one name, or two resources an earlier step gave one id).
      const dup = m.firstDuplicate();
      if (dup) {
        throw new BuildError(
          `may not add resource with an already registered id: ${idText(dup[1].id())} (two resources have that id after patch '${source}', ` +
            'and kustomize refuses to list them both)',
          place,
        );
      }
    } else {
      applySmToResource(m, findById(m, patchId(doc), place, source), doc, opts, schema, place, source);
    }
  }
}

/** Applies one `patches` entry (a PatchTransformer), reported as field `field`. */
export function applyPatchEntry(m: ResMap, e: PatchEntry, ctx: TargetContext, field: string): void {
  const { patch, source } = loadEntry(e, ctx, field, true);
  applyLoadedPatch(m, patch, e.target, e.options ?? {}, { file: ctx.file, field }, source, mergeSchemaFor(ctx));
}

/** Applies legacy `patchesStrategicMerge` entries: each a file path or inline YAML. */
export function applyStrategicMergeEntries(m: ResMap, entries: string[], ctx: TargetContext, field: string): void {
  const schema = mergeSchemaFor(ctx);
  entries.forEach((e, i) => {
    const f = `${field}[${i}]`;
    const place = { file: ctx.file, field: f };
    const abs = ctx.loader.real(ctx.dir, e);
    let patch: LoadedPatch;
    let source: string;
    if (abs && !ctx.loader.isDir(abs)) {
      const file = ctx.loader.resolveFile(ctx.dir, e, ctx.file, f);
      patch = loadPatchText(ctx.loader.text(file, ctx.file, f), file, place);
      source = e;
    } else if (/[\n:]/.test(e)) {
      patch = loadPatchText(e, 'inline patch', place);
      source = 'inline patch';
    } else {
      throw new BuildError(`patch file '${e}' does not exist (looked in ${ctx.dir}); an inline patch must be a YAML mapping`, place);
    }
    if (patch.type === 'json') {
      throw new BuildError(`'${source}' is a JSON 6902 patch; list it under 'patches' with a target instead`, place);
    }
    // Legacy patches are read as resources, whose labels and annotations are string maps.
    if (patch.type === 'sm') for (const d of patch.docs) stringMeta(d, ['labels', 'annotations']);
    applyLoadedPatch(m, patch, undefined, {}, place, source, schema);
  });
}

/** A legacy `patchesJson6902` entry. */
export interface Json6902Entry {
  target?: Target;
  path?: string;
  patch?: string;
}

/** Applies one legacy `patchesJson6902` entry (a PatchJson6902Transformer), reported as field `f`. */
export function applyJson6902Entry(m: ResMap, e: Json6902Entry, ctx: TargetContext, f: string): void {
  const place = { file: ctx.file, field: f };
  if (!e.target) throw new BuildError("a JSON 6902 patch needs a 'target'", place);
  if (!e.target.name) {
    throw new BuildError("the target of a patchesJson6902 entry must have a 'name' (use 'patches' to select by kind or labels)", { ...place, field: `${f}.target` });
  }
  const { patch, source } = loadEntry(e, ctx, f);
  if (patch.type === 'sm') {
    throw new BuildError(`'${source}' is not a list of JSON 6902 operations`, place);
  }
  applyLoadedPatch(m, patch, e.target, {}, place, source, undefined, true);
}

export { targetText };
