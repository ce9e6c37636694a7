/**
 * The `transformers`, `generators` and `validators` fields: builtin plugin configs (apiVersion
 * `builtin`, kinds such as PrefixSuffixTransformer or ConfigMapGenerator) given as files, inline
 * YAML, or a directory whose kustomization builds the list of configs. Each config runs through
 * the same functions as the kustomization field it mirrors. Exec and container KRM functions and
 * Helm charts are outside kfm's scope and fail with a clear error.
 */
import { BuildError } from '../errors.js';
import type { ResMap } from '../resource/index.js';
import type { TargetContext } from '../transform/index.js';
import { parseAll, type Value, type YMap } from '../yaml/index.js';
import { isMap } from '../yaml/map.js';
import { builtinOf, configurableKinds, type ConfigPlace, type RegisteredBuiltin, type Role } from '../builtins/index.js';
import { decodeAs } from '../kustomization/schema.js';
import type { AccumulateDirectory, BuildSession } from './context.js';
import { recordGeneratedBy, recordTransformer } from './metadata.js';

type Place = { file: string; field: string };

const FUNCTION_ANNOTATIONS = ['config.kubernetes.io/function', 'config.k8s.io/function'];

/**
 * How a directory entry is built: with the build's session, so that a directory that lists itself
 * (directly or through another) is a cycle error.
 */
export interface Builder {
  session: BuildSession;
  accumulate: AccumulateDirectory;
}

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
function loadConfigs(entry: string, ctx: TargetContext, field: string, build: Builder): Config[] {
  const place = { file: ctx.file, field };
  const abs = ctx.loader.real(ctx.dir, entry);
  let docs: { d: Value; source?: string }[];
  if (abs && ctx.loader.isDir(abs)) {
    // A kustomization directory: the resources it builds are the plugin configs.
    const sub = build.accumulate(abs, build.session, ctx.file, field);
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

function isInline(entry: string, ctx: TargetContext): boolean {
  return !ctx.loader.real(ctx.dir, entry) && /[\n:]/.test(entry);
}

/**
 * Loads every config a plugin field lists and runs `fn` on each. kustomize gathers them into one
 * list (the same config twice is an error), inline configs first, then files and directories.
 */
function forEachConfig(list: string[] | undefined, name: string, ctx: TargetContext, build: Builder, fn: (c: Config) => void): void {
  const entries = (list ?? []).map((entry, i) => ({ entry, field: `${name}[${i}]` }));
  const ordered = [...entries.filter((e) => isInline(e.entry, ctx)), ...entries.filter((e) => !isInline(e.entry, ctx))];
  const configs: Config[] = [];
  const seen = new Map<string, Config>();
  for (const { entry, field } of ordered) {
    for (const c of loadConfigs(entry, ctx, field, build)) {
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
    fn(c);
  }
}

const HELM = `Helm charts are out of kfm's scope; render the chart to YAML and list the files under 'resources'`;

/**
 * The builtin a config names, with the config decoded and read into a step. `role` limits the
 * kinds (the `generators` field takes generators only).
 */
function readConfig(c: Config, ctx: TargetContext, role?: Role): { b: RegisteredBuiltin; run: (m: ResMap) => void } {
  const what = describe(c.obj);
  if (c.obj.kind === 'HelmChartInflationGenerator') throw new BuildError(`${what}: ${HELM}`, c.place);
  const b = builtinOf(c.obj.kind);
  if (!b?.plugin || (role && b.role !== role)) {
    const kinds = configurableKinds(role).join(', ');
    const why = b ? `kustomize cannot load a ${b.kind} from a config under ${c.place.field.replace(/\[.*/, '')}` : `builtin plugin kind '${String(c.obj.kind)}' is not supported by kfm`;
    throw new BuildError(`${what}: ${why} (supported: ${kinds})`, c.place);
  }
  const p = b.plugin;
  const obj = decodeAs(c.obj, p.schema, `${what} config`, c.place, { ...p.decode, dropUnknown: true, scalarsAsText: true }) as YMap;
  const place: ConfigPlace = { ...c.place, what };
  return { b, run: p.read(obj, place, ctx) };
}

/** The name and namespace a config's metadata gives, for buildMetadata. */
function configName(c: Config): { name?: string; namespace?: string } {
  const md = isMap(c.obj.metadata) ? c.obj.metadata : {};
  return { name: typeof md.name === 'string' ? md.name : undefined, namespace: typeof md.namespace === 'string' ? md.namespace : undefined };
}

/** Runs a generator config, noting it as the origin of what it makes. */
function runGeneratorConfig(m: ResMap, c: Config, ctx: TargetContext, run: (m: ResMap) => void): void {
  const before = new Set(m.all());
  run(m);
  const o = c.obj;
  // The origin names the generator as its own fields do (they win over its metadata).
  const md = configName(c);
  const name = (typeof o.name === 'string' && o.name) || md.name;
  const namespace = (typeof o.namespace === 'string' && o.namespace) || md.namespace;
  for (const r of m.all()) {
    if (!before.has(r)) recordGeneratedBy(r, { configuredIn: c.source ?? ctx.file, kind: String(o.kind), name, namespace });
  }
}

/** Runs the `generators` field (after the kustomization's own generators). */
export function runGeneratorPlugins(m: ResMap, ctx: TargetContext, build: Builder): void {
  forEachConfig(ctx.k.generators, 'generators', ctx, build, (c) => {
    const { run } = readConfig(c, ctx, 'generator');
    runGeneratorConfig(m, c, ctx, run);
  });
}

/** Runs the `transformers` field, in order. */
export function runTransformerPlugins(m: ResMap, ctx: TargetContext, build: Builder): void {
  forEachConfig(ctx.k.transformers, 'transformers', ctx, build, (c) => {
    const { b, run } = readConfig(c, ctx);
    if (b.role === 'generator') runGeneratorConfig(m, c, ctx, run);
    else run(m);
    recordTransformer(m, c.source ?? ctx.file, String(c.obj.kind), configName(c).name);
  });
}

/** `validators`: kustomize has no builtin validators, and kfm runs no others. */
export function runValidators(ctx: TargetContext, build: Builder): void {
  forEachConfig(ctx.k.validators, 'validators', ctx, build, (c) => {
    throw new BuildError(`${describe(c.obj)}: kustomize has no builtin validators, and exec/container validators are out of kfm's scope`, c.place);
  });
}
