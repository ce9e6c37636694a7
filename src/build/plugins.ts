/**
 * The `transformers`, `generators` and `validators` fields: builtin plugin configs (apiVersion
 * `builtin`, kinds such as PrefixSuffixTransformer or ConfigMapGenerator) given as files, inline
 * YAML, or a directory whose kustomization builds the list of configs. Each config runs through
 * the same functions as the kustomization field it mirrors. Exec and container KRM functions and
 * Helm charts are outside kfm's scope and fail with a clear error.
 */
import { BuildError } from '../errors.js';
import type { ResMap } from '../resource/index.js';
import { parseTable, type FieldSpec, type ParsedFieldSpec } from '../fieldspec/index.js';
import {
  addPrefixSuffix, setImages, setNamespace, setPairs, setReplicas, type TargetContext,
} from '../transform/index.js';
import { applyReplacements, readReplacements } from '../transform/replacements.js';
import { applyJson6902Entries, applyPatchEntries, applyStrategicMergeEntries } from '../merge/index.js';
import { runGenerators } from '../generate/index.js';
import { parseAll, type Value, type YMap } from '../yaml/index.js';
import { decodeAs, type ReplacementField, type GeneratorArgs, type ImageEntry, type Kustomization } from './kustomization.js';
import { PLUGIN_CONFIGS } from './pluginschema.js';
import { accumulateDirectory } from './target.js';
import { recordGeneratedBy, recordPlugin } from './metadata.js';
import { newMap } from '../yaml/map.js';

type Place = { file: string; field: string };

function isMap(v: unknown): v is YMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const FUNCTION_ANNOTATIONS = ['config.kubernetes.io/function', 'config.k8s.io/function'];

/** One plugin config with where it was listed. */
interface Config {
  obj: YMap;
  place: Place;
  /** The file the config was read from (for buildMetadata); unset when inline. */
  source?: string;
}

/** Fails for kustomization fields kfm leaves out of scope (Helm charts). */
export function rejectOutOfScope(ctx: TargetContext): void {
  // helmGlobals alone changes nothing, so only the chart lists are refused.
  for (const f of ['helmCharts', 'helmChartInflationGenerator'] as const) {
    const v = ctx.k[f];
    if (v === undefined || (Array.isArray(v) && !v.length)) continue;
    throw new BuildError(
      `Helm charts are out of kfm's scope (kfm does not run helm); render the chart to YAML and list the files under 'resources'`,
      { file: ctx.file, field: f },
    );
  }
}

/** Reads the configs an entry of `transformers`/`generators`/`validators` stands for. */
function loadConfigs(entry: string, ctx: TargetContext, field: string): Config[] {
  const place = { file: ctx.file, field };
  const abs = ctx.loader.real(ctx.dir, entry);
  let docs: { d: Value; source?: string }[];
  if (abs && ctx.loader.isDir(abs)) {
    // A kustomization directory: the resources it builds are the plugin configs.
    const sub = accumulateDirectory(abs, { loader: ctx.loader, warn: ctx.warn, stack: [], openapi: ctx.openapi ?? { chosen: false } }, ctx.file, field);
    docs = sub.resMap.all().map((r) => ({ d: r.obj, source: r.source }));
  } else if (abs) {
    const file = ctx.loader.resolveFile(ctx.dir, entry, ctx.file, field);
    docs = ctx.loader.documents(file, ctx.file, field).map((d) => ({ d, source: file }));
  } else if (/[\n:]/.test(entry)) {
    docs = parseAll(entry, `${ctx.file}: ${field}`).map((d) => ({ d }));
  } else {
    throw new BuildError(`'${entry}' is neither a file or directory (looked in ${ctx.dir}) nor an inline plugin config`, place);
  }
  const out: Config[] = [];
  for (const { d, source } of docs) {
    if (d === null) continue;
    if (!isMap(d)) throw new BuildError('a plugin config must be a mapping with apiVersion and kind', place);
    out.push({ obj: d, place, source });
  }
  return out;
}

function describe(c: YMap): string {
  const md = isMap(c.metadata) ? c.metadata : {};
  return `${String(c.kind ?? '(no kind)')} '${String(md.name ?? '')}'`;
}

/** Rejects configs that are not builtin (exec or container KRM functions). */
function checkBuiltin(c: Config): void {
  const md = isMap(c.obj.metadata) ? c.obj.metadata : {};
  const ann = isMap(md.annotations) ? md.annotations : {};
  if (FUNCTION_ANNOTATIONS.some((a) => a in ann)) {
    throw new BuildError(`${describe(c.obj)} is an exec or container KRM function, which is out of scope for kfm; kfm runs builtin plugins only (apiVersion builtin)`, c.place);
  }
  if (c.obj.apiVersion !== 'builtin') {
    throw new BuildError(
      `${describe(c.obj)} has apiVersion '${String(c.obj.apiVersion ?? '')}'; kfm runs builtin plugins only (apiVersion builtin); exec, Go and container plugins are out of scope`,
      c.place,
    );
  }
}

function specs(c: Config): ParsedFieldSpec[] {
  const fs = c.obj.fieldSpecs;
  if (fs === undefined || fs === null) return [];
  if (!Array.isArray(fs)) throw new BuildError(`${describe(c.obj)}: fieldSpecs must be a list`, c.place);
  return parseTable(fs.map((s) => {
    if (!isMap(s) || typeof s.path !== 'string') throw new BuildError(`${describe(c.obj)}: each field spec needs a path`, c.place);
    return s as unknown as FieldSpec;
  }));
}

function strMap(c: Config, key: string): Record<string, string> {
  const v = c.obj[key];
  if (v === undefined || v === null) return {};
  if (!isMap(v)) throw new BuildError(`${describe(c.obj)}: ${key} must be a map of strings`, c.place);
  const out = newMap() as Record<string, string>;
  for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' ? x : String(x);
  return out;
}

const METADATA_NAMESPACE: ParsedFieldSpec = { path: 'metadata/namespace', create: true, parts: ['metadata', 'namespace'] };

/** A context whose kustomization holds only `k`: lets a plugin config reuse a field's code. */
function withK(ctx: TargetContext, k: Kustomization): TargetContext {
  return { ...ctx, k };
}

function runTransformer(m: ResMap, c: Config, ctx: TargetContext): void {
  const o = c.obj;
  const md = isMap(o.metadata) ? o.metadata : {};
  switch (o.kind) {
    case 'PrefixSuffixTransformer': {
      if (o.fieldSpecs === undefined || o.fieldSpecs === null) {
        throw new BuildError(`${describe(o)}: fieldSpecs is required (for example [{path: metadata/name}])`, c.place);
      }
      addPrefixSuffix(m, { prefix: (o.prefix as string) || undefined, suffix: (o.suffix as string) || undefined, fieldSpecs: specs(c) });
      return;
    }
    case 'LabelTransformer':
      setPairs(m, strMap(c, 'labels'), specs(c));
      return;
    case 'AnnotationsTransformer':
      setPairs(m, strMap(c, 'annotations'), specs(c));
      return;
    case 'NamespaceTransformer': {
      const ns = typeof md.namespace === 'string' ? md.namespace : '';
      if (!ns) return;
      const fs = specs(c).filter((s) => s.path !== 'metadata/namespace');
      setNamespace(m, { namespace: ns, unsetOnly: o.unsetOnly === true, fieldSpecs: [METADATA_NAMESPACE, ...fs], place: c.place });
      return;
    }
    case 'ImageTagTransformer': {
      if (!isMap(o.imageTag)) throw new BuildError(`${describe(o)}: imageTag (name, newName, newTag, digest) is required`, c.place);
      setImages(m, [o.imageTag as ImageEntry], specs(c));
      return;
    }
    case 'ReplicaCountTransformer': {
      const r = o.replica;
      if (!isMap(r) || typeof r.name !== 'string' || typeof r.count !== 'number') {
        throw new BuildError(`${describe(o)}: replica needs a name and a count`, c.place);
      }
      const fs = specs(c);
      const named = m.all().some((x) => x.name === r.name || x.orgId.name === r.name);
      if (setReplicas(m, r.name, r.count, fs) === 0 && named) {
        throw new BuildError(`${describe(o)}: resource '${r.name}' is of no kind its fieldSpecs name`, c.place);
      }
      return;
    }
    case 'PatchTransformer':
      applyPatchEntries(m, [{ path: o.path as string | undefined, patch: o.patch as string | undefined, target: o.target as never, options: o.options as never }], ctx, c.place.field);
      return;
    case 'PatchStrategicMergeTransformer': {
      const entries = [...(Array.isArray(o.paths) ? (o.paths as string[]) : [])];
      if (typeof o.patches === 'string' && o.patches.trim()) entries.push(o.patches);
      applyStrategicMergeEntries(m, entries, ctx, c.place.field);
      return;
    }
    case 'PatchJson6902Transformer':
      applyJson6902Entries(m, [{ target: o.target as never, path: o.path as string | undefined, patch: o.jsonOp as string | undefined }], ctx, c.place.field);
      return;
    case 'ReplacementTransformer': {
      const list = (o.replacements ?? []) as unknown as ReplacementField[];
      applyReplacements(m, readReplacements(list, ctx, `${c.place.field}.replacements`));
      return;
    }
    case 'ConfigMapGenerator':
    case 'SecretGenerator':
      runGenerator(m, c, ctx);
      return;
    case 'HelmChartInflationGenerator':
      throw new BuildError(`${describe(o)}: Helm charts are out of kfm's scope; render the chart to YAML and list the files under 'resources'`, c.place);
    default:
      throw new BuildError(
        `${describe(o)}: builtin plugin kind '${String(o.kind)}' is not supported by kfm (supported: PrefixSuffixTransformer, LabelTransformer, AnnotationsTransformer, NamespaceTransformer, ImageTagTransformer, ReplicaCountTransformer, PatchTransformer, PatchStrategicMergeTransformer, PatchJson6902Transformer, ReplacementTransformer, ConfigMapGenerator, SecretGenerator)`,
        c.place,
      );
  }
}

/** ConfigMapGenerator / SecretGenerator configs: the generator fields, named by metadata. */
function runGenerator(m: ResMap, c: Config, ctx: TargetContext): void {
  const o = c.obj;
  const md = isMap(o.metadata) ? o.metadata : {};
  const args: GeneratorArgs = {};
  // The config's own name and namespace win over its metadata's, as in kustomize.
  if (typeof md.name === 'string') args.name = md.name;
  if (typeof md.namespace === 'string') args.namespace = md.namespace;
  for (const key of ['name', 'namespace', 'behavior', 'literals', 'files', 'envs', 'type', 'options'] as const) {
    if ((key === 'name' || key === 'namespace') && !o[key]) continue;
    if (o[key] !== undefined) (args as Record<string, unknown>)[key] = o[key];
  }
  if (typeof o.env === 'string') args.envs = [...(args.envs ?? []), o.env];
  const k: Kustomization = o.kind === 'ConfigMapGenerator' ? { configMapGenerator: [args] } : { secretGenerator: [args] };
  const before = new Set(m.all());
  runGenerators(m, withK(ctx, k));
  for (const r of m.all()) {
    if (!before.has(r)) recordGeneratedBy(r, { configuredIn: c.source ?? ctx.file, kind: String(o.kind), name: args.name, namespace: args.namespace });
  }
}

function isInline(entry: string, ctx: TargetContext): boolean {
  return !ctx.loader.real(ctx.dir, entry) && /[\n:]/.test(entry);
}

/**
 * Loads every config a plugin field lists and runs `fn` on each. kustomize gathers them into one
 * list (the same config twice is an error), inline configs first, then files and directories.
 */
function forEachConfig(list: string[] | undefined, name: string, ctx: TargetContext, fn: (c: Config) => void): void {
  const entries = (list ?? []).map((entry, i) => ({ entry, field: `${name}[${i}]` }));
  const ordered = [...entries.filter((e) => isInline(e.entry, ctx)), ...entries.filter((e) => !isInline(e.entry, ctx))];
  const configs: Config[] = [];
  const seen = new Map<string, Config>();
  for (const { entry, field } of ordered) {
    for (const c of loadConfigs(entry, ctx, field)) {
      const md = isMap(c.obj.metadata) ? c.obj.metadata : {};
      const key = `${String(c.obj.apiVersion)}|${String(c.obj.kind)}|${String(md.namespace ?? '')}|${String(md.name ?? '')}`;
      const other = seen.get(key);
      if (other) throw new BuildError(`${describe(c.obj)} is listed twice (also in ${other.place.field})`, c.place);
      seen.set(key, c);
      configs.push(c);
    }
  }
  for (const c of configs) {
    checkBuiltin(c);
    const known = PLUGIN_CONFIGS[String(c.obj.kind)];
    if (known) {
      const options = { ...known.decode, dropUnknown: true, scalarsAsText: true };
      c.obj = decodeAs(c.obj, known.schema, `${describe(c.obj)} config`, c.place, options) as YMap;
    }
    fn(c);
  }
}

/** Runs the `generators` field (after the kustomization's own generators). */
export function runGeneratorPlugins(m: ResMap, ctx: TargetContext): void {
  forEachConfig(ctx.k.generators, 'generators', ctx, (c) => {
    if (c.obj.kind === 'HelmChartInflationGenerator') {
      throw new BuildError(`${describe(c.obj)}: Helm charts are out of kfm's scope; render the chart to YAML and list the files under 'resources'`, c.place);
    }
    if (c.obj.kind !== 'ConfigMapGenerator' && c.obj.kind !== 'SecretGenerator') {
      throw new BuildError(`${describe(c.obj)}: only ConfigMapGenerator and SecretGenerator configs can be listed under generators in kfm`, c.place);
    }
    runGenerator(m, c, ctx);
  });
}

/** Runs the `transformers` field, in order. */
export function runTransformerPlugins(m: ResMap, ctx: TargetContext): void {
  forEachConfig(ctx.k.transformers, 'transformers', ctx, (c) => {
    runTransformer(m, c, ctx);
    const md = isMap(c.obj.metadata) ? c.obj.metadata : {};
    recordPlugin(m, c.source ?? ctx.file, String(c.obj.kind), typeof md.name === 'string' ? md.name : undefined);
  });
}

/** `validators`: only exec/container functions exist for it, all out of scope. */
export function runValidators(m: ResMap, ctx: TargetContext): void {
  void m;
  forEachConfig(ctx.k.validators, 'validators', ctx, (c) => {
    throw new BuildError(`${describe(c.obj)}: kustomize has no builtin validators, and exec/container validators are out of kfm's scope`, c.place);
  });
}
