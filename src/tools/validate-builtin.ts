/**
 * Validation of builtin kinds against the Kubernetes OpenAPI schemas that the `kubernetes-models`
 * package ships as precompiled validators (types, formats, enums, required fields).
 *
 * Those validators do not reject unknown fields, so each object is validated through a proxy
 * that records which keys the validator looks up at every path: the validator asks for every
 * property its schema knows, so a key of the object that it never asked for is one the API
 * server would prune. An object the validator enumerates is a map (any key allowed); one it
 * does not look into at all is free-form (RawExtension, JSON) and is not judged.
 *
 * The package is loaded lazily, only by `kfm validate`.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BuildError } from '../errors.js';
import { splitApiVersion } from '../resource/id.js';
import { isObj, type Obj } from './source.js';
import { pathText } from './images.js';

/** One problem found in one resource. */
export interface Problem {
  /** `Kind namespace/name` of the resource. */
  resource: string;
  /** Field path, `a.b[0].c` (empty for the resource as a whole). */
  path: string;
  message: string;
}

/** The schema package and the one Kubernetes minor its schemas were generated from. */
export const SCHEMA_PACKAGE = { name: 'kubernetes-models', version: '5.1.0', kubernetes: '1.36' } as const;

/**
 * Fields the Kubernetes schema has but the package's generator dropped (it strips every key
 * named `description` and the `x-kubernetes-*` extensions from the schemas it compiles, and so
 * loses the properties of those names). Each entry names the object by a key only its schema
 * has, as the proxy sees it asked for.
 */
const DROPPED_BY_PACKAGE: { askedFor: string; known: string[] }[] = [
  {
    askedFor: '$schema', // JSONSchemaProps
    known: [
      'description', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string', 'x-kubernetes-list-map-keys',
      'x-kubernetes-list-type', 'x-kubernetes-map-type', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations',
    ],
  },
  { askedFor: 'globalDefault', known: ['description'] }, // PriorityClass
  { askedFor: 'jsonPath', known: ['description'] }, // CustomResourceColumnDefinition
];

/** JSONSchemaProps.externalDocs is an ExternalDocumentation, which lost its `description` too. */
const isExternalDocs = (at: (string | number)[], parentAsked: Set<string> | undefined) =>
  at[at.length - 1] === 'externalDocs' && Boolean(parentAsked?.has('$schema'));

type Validate = (data: unknown) => void;
type Seg = string | number;

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

const require = createRequire(import.meta.url);

/** The folder of the installed schema package, checked to be the version kfm knows. */
function packageDir(): string {
  let dir: string;
  try {
    dir = dirname(require.resolve(`${SCHEMA_PACKAGE.name}/package.json`));
  } catch {
    throw new BuildError(`kfm validate needs the npm package ${SCHEMA_PACKAGE.name}@${SCHEMA_PACKAGE.version}: run npm install`);
  }
  const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  if (version !== SCHEMA_PACKAGE.version) {
    throw new BuildError(`kfm validate knows ${SCHEMA_PACKAGE.name}@${SCHEMA_PACKAGE.version} (Kubernetes ${SCHEMA_PACKAGE.kubernetes}); ${version} is installed`);
  }
  return dir;
}

/**
 * Imports one model of the schema package (an ES module package, so never bundled). The command's
 * bundle runs as a script compiled by cli/start.ts for V8's code cache, where `import()` has no
 * loader of its own: start.ts then lends it its own, as `globalThis.kfmImport`.
 */
function importModel(specifier: string): Promise<unknown> {
  const lent = (globalThis as { kfmImport?: (specifier: string) => Promise<unknown> }).kfmImport;
  return lent ? lent(specifier) : import(specifier);
}

/** Loads validators by apiVersion and kind, once each. */
export class BuiltinSchemas {
  private readonly dir = packageDir();
  private readonly cache = new Map<string, Validate | undefined>();

  /** True when the API group is one of Kubernetes' own (core included). */
  isBuiltinGroup(group: string): boolean {
    return group === '' || (/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(group) && existsSync(join(this.dir, group)));
  }

  /** The validator of a builtin kind, or undefined when Kubernetes does not serve it. */
  async validator(apiVersion: string, kind: string): Promise<Validate | undefined> {
    const key = `${apiVersion} ${kind}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const { group, version } = splitApiVersion(apiVersion);
    const folder = group ? join(this.dir, group, version) : join(this.dir, version);
    let fn: Validate | undefined;
    // Names become a module path: only plain ones are looked up.
    if (/^v\d+\w*$/.test(version) && /^[A-Za-z0-9]+$/.test(kind) && existsSync(join(folder, `${kind}.js`))) {
      const mod = (await importModel(`${SCHEMA_PACKAGE.name}/${group ? `${group}/` : ''}${version}/${kind}`)) as Record<string, unknown>;
      const model = mod[kind] as { apiVersion?: string; kind?: string; prototype: { validate: (this: unknown) => void } } | undefined;
      // Only top-level kinds carry apiVersion and kind; PodSpec and the like are not resources.
      if (model && model.apiVersion === apiVersion && model.kind === kind) fn = (data) => model.prototype.validate.call(data);
    }
    this.cache.set(key, fn);
    return fn;
  }

  /** ObjectMeta's validator, for the metadata of custom resources and embedded resources. */
  async objectMeta(): Promise<Validate> {
    const key = ' ObjectMeta';
    if (!this.cache.has(key)) {
      const mod = (await import('@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta')) as Record<string, { prototype: { validate: (this: unknown) => void } }>;
      const model = mod.ObjectMeta;
      this.cache.set(key, (data) => model.prototype.validate.call(data));
    }
    return this.cache.get(key)!;
  }
}

/** Runs a validator on `value` and returns its problems as `[path, message]`, unknown fields included. */
export function runTraced(validate: Validate, value: unknown, base: Seg[] = []): [Seg[], string][] {
  const asked = new Map<string, Set<string>>();
  const mapped = new Set<string>();
  const nodes = new Map<string, { at: Seg[]; obj: Obj }>();
  const wrap = (v: unknown, at: Seg[]): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const key = JSON.stringify(at);
    const seen = new Set<string>();
    asked.set(key, seen);
    if (isObj(v)) nodes.set(key, { at, obj: v });
    return new Proxy(v, {
      get(t, k, r) {
        if (typeof k !== 'string') return Reflect.get(t, k, r);
        seen.add(k);
        if (!Object.hasOwn(t, k)) return Reflect.get(t, k, r);
        return wrap((t as Record<string, unknown>)[k], [...at, Array.isArray(t) ? Number(k) : k]);
      },
      ownKeys(t) {
        mapped.add(key);
        return Reflect.ownKeys(t);
      },
    });
  };
  const out: [Seg[], string][] = [];
  try {
    validate(wrap(value, []));
  } catch (e) {
    const errors = (e as { errors?: AjvError[] }).errors;
    if (!errors) throw e;
    out.push(...ajvProblems(errors, value));
  }
  for (const [key, { at, obj }] of nodes) {
    const seen = asked.get(key)!;
    if (mapped.has(key) || seen.size === 0) continue;
    const parentAsked = at.length ? asked.get(JSON.stringify(at.slice(0, -1))) : undefined;
    const also = new Set(DROPPED_BY_PACKAGE.filter((d) => seen.has(d.askedFor)).flatMap((d) => d.known));
    if (isExternalDocs(at, parentAsked)) also.add('description');
    for (const k of Object.keys(obj)) if (!seen.has(k) && !also.has(k)) out.push([[...at, k], 'unknown field']);
  }
  return out.map(([at, m]) => [[...base, ...at], m]);
}

/** `a.b[0].c` from the validator's JSON pointer. */
function pointerPath(pointer: string): Seg[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * The API server decodes `format: byte` with Go's base64 decoder, which skips line breaks; the
 * package's check does not, so its complaint about a value that is valid without them is dropped.
 */
const goAccepts = (e: AjvError, root: unknown) =>
  e.keyword === 'format' && e.params.format === 'byte' && isBase64(String(valueAt(root, pointerPath(e.instancePath))).replace(/[\r\n]/g, ''));

/** Standard base64, padded. */
export const isBase64 = (v: string) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v);

/** One message per path: the validator reports each branch of a oneOf on its own. */
function ajvProblems(errors: AjvError[], root: unknown): [Seg[], string][] {
  const byPath = new Map<string, AjvError[]>();
  for (const e of errors) {
    if (goAccepts(e, root)) continue;
    const key = e.keyword === 'required' ? `${e.instancePath}/${String(e.params.missingProperty).replace(/~/g, '~0').replace(/\//g, '~1')}` : e.instancePath;
    byPath.set(key, [...(byPath.get(key) ?? []), e]);
  }
  const out: [Seg[], string][] = [];
  for (const [pointer, errs] of byPath) {
    const at = pointerPath(pointer);
    if (errs.some((e) => e.keyword === 'required')) {
      out.push([at, 'required field is missing']);
      continue;
    }
    const expected = errs.flatMap((e) => {
      if (e.keyword === 'type') return [String(e.params.type)];
      if (e.keyword === 'format') return [`a string of format ${String(e.params.format)}`];
      return [];
    });
    const value = valueAt(root, at);
    const enumErr = errs.find((e) => e.keyword === 'enum');
    if (enumErr) out.push([at, enumMessage(value, enumErr.params.allowedValues as unknown[])]);
    else if (expected.length) out.push([at, `expected ${[...new Set(expected)].join(' or ')}, got ${describe(value)}`]);
    else out.push([at, errs.map((e) => e.keyword).join(', ')]);
  }
  return out;
}

/** The value at a path (undefined when it is not there). */
function valueAt(root: unknown, at: Seg[]): unknown {
  let v = root;
  for (const s of at) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

/** A value's JSON type and, for scalars, the value: `string "3"`, `object`. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number') return `${Number.isInteger(v) ? 'integer' : 'number'} ${v}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** The message for a value outside an enum. */
export function enumMessage(value: unknown, allowed: unknown[]): string {
  return `${JSON.stringify(value)} is not one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
}

/** Formats a traced problem for a resource. */
export function toProblem(resource: string, [at, message]: [Seg[], string]): Problem {
  return { resource, path: pathText(at), message };
}
