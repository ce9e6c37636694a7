/**
 * The kustomization file: its schema (unknown fields are errors, as in kustomize), legacy fields
 * folded into current ones with kustomize's deprecation warnings, and clear errors that name the
 * file and the field.
 */
import type { z } from 'zod';
import { asZod, conforms, shape } from './shape.js';
import { BuildError, unknownFields, type ErrorPlace } from '../errors.js';
import { newMap } from '../yaml/map.js';
import { goDecode, type GoDecodeOptions } from './decode.js';

const str = shape.string();
const strList = shape.array(str);
const strMap = shape.record(shape.string(), shape.string());
const anyMap = shape.record(shape.string(), shape.unknown());

// Go structs kustomize embeds in several types (their fields are promoted).
const gvkFields = { group: str.optional(), version: str.optional(), kind: str.optional() };
const resIdFields = { ...gvkFields, name: str.optional(), namespace: str.optional() };

/** kustomize's Selector: a resource id plus label and annotation selectors. */
export const selectorSchema = shape.object({ ...resIdFields, labelSelector: str.optional(), annotationSelector: str.optional() }).strict();

/** kustomize's FieldSpec: a path in the resources of a group/version/kind. */
export const fieldSpecSchema = shape.object({ ...gvkFields, path: str.optional(), create: shape.boolean().optional() }).strict();

// patches and patchesJson6902 entries share kustomize's Patch type; options is a map of flags.
const patch = shape.object({
  path: str.optional(),
  patch: str.optional(),
  target: selectorSchema.optional(),
  options: shape.record(shape.string(), shape.boolean()).optional(),
}).strict();

/** kustomize's GeneratorOptions. */
export const generatorOptionsSchema = shape.object({
  labels: strMap.optional(),
  annotations: strMap.optional(),
  disableNameSuffixHash: shape.boolean().optional(),
  immutable: shape.boolean().optional(),
}).strict();

const generatorFields = {
  name: str.optional(),
  namespace: str.optional(),
  // kustomize reads an unknown behaviour as unspecified, which acts as create.
  behavior: str.optional(),
  literals: strList.optional(),
  files: strList.optional(),
  envs: strList.optional(),
  env: str.optional(),
  options: generatorOptionsSchema.optional(),
};
const configMapArgs = shape.object(generatorFields).strict();
const secretArgs = shape.object({ ...generatorFields, type: str.optional() }).strict();

const label = shape.object({
  pairs: strMap.optional(),
  includeSelectors: shape.boolean().optional(),
  includeTemplates: shape.boolean().optional(),
  fields: shape.array(fieldSpecSchema).optional(),
}).strict();

/** kustomize's Image. */
export const imageSchema = shape.object({
  name: str.optional(),
  newName: str.optional(),
  newTag: str.optional(),
  digest: str.optional(),
  tagSuffix: str.optional(),
}).strict();

/** kustomize's Replica. */
export const replicaSchema = shape.object({ name: str, count: shape.number().int() }).strict();

const sortOptions = shape.object({
  order: shape.enum(['legacy', 'fifo']).optional(),
  legacySortOptions: shape.object({ orderFirst: strList.optional(), orderLast: strList.optional() }).strict().optional(),
}).strict();

const fieldOptions = shape.object({
  delimiter: str.optional(),
  index: shape.number().int().optional(),
  encoding: str.optional(),
  create: shape.boolean().optional(),
}).strict();

/** kustomize's Replacement (with 5.7.1's static `sourceValue`). */
export const replacementSchema = shape.object({
  source: shape.object({ ...resIdFields, fieldPath: str.optional(), options: fieldOptions.optional() }).strict().optional(),
  sourceValue: shape.unknown().optional(),
  targets: shape.array(shape.object({
    select: selectorSchema.optional(),
    reject: shape.array(selectorSchema).optional(),
    fieldPaths: strList.optional(),
    options: fieldOptions.optional(),
  }).strict()).optional(),
}).strict();

/** A `replacements` entry: a replacement, or the `path` of a file of them. */
export const replacementFieldSchema = replacementSchema.extend({ path: str.optional() }).strict();

const variable = shape.object({
  name: str.optional(),
  objref: shape.object({ ...resIdFields, apiVersion: str.optional() }).strict().optional(),
  fieldref: shape.object({ fieldpath: str.optional() }).strict().optional(),
}).strict();

/** The schema of a kustomization file (Kustomization or Component). */
export const kustomizationSchema = shape.object({
  apiVersion: str.optional(),
  kind: str.optional(),
  metadata: shape.object({ name: str.optional(), namespace: str.optional(), labels: strMap.optional(), annotations: strMap.optional() }).strict().optional(),
  openapi: strMap.optional(),
  namePrefix: str.optional(),
  nameSuffix: str.optional(),
  namespace: str.optional(),
  commonLabels: strMap.optional(),
  labels: shape.array(label).optional(),
  commonAnnotations: strMap.optional(),
  patchesStrategicMerge: strList.optional(),
  patchesJson6902: shape.array(patch).optional(),
  patches: shape.array(patch).optional(),
  images: shape.array(imageSchema).optional(),
  imageTags: shape.array(imageSchema).optional(),
  replacements: shape.array(replacementFieldSchema).optional(),
  replicas: shape.array(replicaSchema).optional(),
  vars: shape.array(variable).optional(),
  sortOptions: sortOptions.optional(),
  resources: strList.optional(),
  components: strList.optional(),
  crds: strList.optional(),
  bases: strList.optional(),
  configMapGenerator: shape.array(configMapArgs).optional(),
  secretGenerator: shape.array(secretArgs).optional(),
  helmGlobals: anyMap.optional(),
  helmCharts: shape.array(anyMap).optional(),
  helmChartInflationGenerator: shape.array(anyMap).optional(),
  generatorOptions: generatorOptionsSchema.optional(),
  configurations: strList.optional(),
  generators: strList.optional(),
  transformers: strList.optional(),
  validators: strList.optional(),
  buildMetadata: strList.optional(),
}).strict();

/** A parsed kustomization. */
export type Kustomization = z.infer<typeof kustomizationSchema>;
export type PatchEntry = z.infer<typeof patch>;
export type GeneratorArgs = z.infer<typeof secretArgs>;
export type ReplacementEntry = z.infer<typeof replacementSchema>;
export type ReplacementField = z.infer<typeof replacementFieldSchema>;
export type VarEntry = z.infer<typeof variable>;
export type LabelEntry = z.infer<typeof label>;
export type ImageEntry = z.infer<typeof imageSchema>;

/** The file names a kustomization root may use, in kustomize's order of preference. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

function describe(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '';
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    return `${field ? field + ': ' : ''}${unknownFields(keys)}`;
  }
  if (issue.code === 'invalid_type') {
    const expected = (issue as { expected: string }).expected;
    const what: Record<string, string> = {
      string: 'a string', number: 'a number', array: 'a list', object: 'a map', boolean: 'true or false', record: 'a map',
    };
    const got = issue.message.match(/received (\w+)/)?.[1];
    const gotText: Record<string, string> = { array: 'a list', object: 'a map', undefined: 'nothing (the field is required)' };
    return `field '${field}': expected ${what[expected] ?? expected}${got ? `, got ${gotText[got] ?? `a ${got}`}` : ''}`;
  }
  return `${field ? `field '${field}'` : 'the file'}: ${issue.message}`;
}

/**
 * Decodes `raw` with Go's rules (see decode.ts) and checks it against `schema`; a mismatch is an
 * error at `place` naming the fields (`what` says what was being read).
 */
export function decodeAs<S extends z.ZodType>(raw: unknown, schema: S, what: string, place: ErrorPlace, options?: GoDecodeOptions): z.infer<S> {
  const decoded = goDecode(raw, schema, options);
  if (conforms(decoded, schema)) return decoded as z.infer<S>;
  const parsed = asZod(schema).safeParse(decoded);
  // The schema has no defaults or conversions, so the checked input is the result; zod's copy
  // would drop keys such as `__proto__`, which are ordinary keys to kustomize.
  if (parsed.success) return decoded as z.infer<S>;
  const issues = parsed.error.issues.slice(0, 5).map(describe);
  throw new BuildError(`invalid ${what}: ${issues.join('; ')}`, place);
}

/**
 * Validates a parsed kustomization file and folds its legacy fields into the current ones. Legacy
 * fields raise kustomize's deprecation warnings through `warn`.
 */
export function readKustomization(raw: unknown, file: string, warn: (msg: string) => void): Kustomization {
  if (raw === null || raw === undefined) raw = newMap();
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new BuildError('a kustomization must be a YAML mapping', { file });
  }
  // kustomize refuses a kustomization that says nothing beyond its apiVersion and kind.
  if (Object.keys(raw as object).every((key) => key === 'apiVersion' || key === 'kind')) {
    throw new BuildError('the kustomization is empty: list resources, components or generators', { file });
  }
  const k = decodeAs(raw, kustomizationSchema, 'kustomization', { file });
  if (k.kind && k.kind !== 'Kustomization' && k.kind !== 'Component') {
    throw new BuildError(`kind '${k.kind}' is not a kustomization: expected Kustomization or Component`, { file, field: 'kind' });
  }
  const deprecated = (field: string, instead: string, extra = '') =>
    warn(`# Warning: '${field}' is deprecated. Please use '${instead}' instead.${extra} Run 'kustomize edit fix' to update your Kustomization automatically.`);
  if (k.bases) {
    deprecated('bases', 'resources');
    k.resources = goAppend(k.resources, k.bases);
    delete k.bases;
  }
  if (k.commonLabels) deprecated('commonLabels', 'labels');
  if (k.patchesStrategicMerge) deprecated('patchesStrategicMerge', 'patches');
  if (k.patchesJson6902) deprecated('patchesJson6902', 'patches');
  if (k.imageTags) {
    deprecated('imageTags', 'images');
    k.images = goAppend(k.images, k.imageTags);
    delete k.imageTags;
  }
  if (k.vars) deprecated('vars', 'replacements', ' [EXPERIMENTAL]');
  for (const g of [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])]) {
    if (g.env !== undefined) {
      g.envs = [...(g.envs ?? []), g.env];
      delete g.env;
    }
  }
  // Checked on the decoded file, as kustomize does: an empty list given as `[]` is something, a
  // field given as null or as an empty string is nothing.
  const zero = (v: unknown) => v === undefined || v === '' || v === false || v === 0;
  if (Object.entries(k).every(([key, v]) => key === 'apiVersion' || key === 'kind' || zero(v))) {
    throw new BuildError('the kustomization is empty: list resources, components or generators', { file });
  }
  return k;
}

/** Go's `append(a, b...)`: nil stays nil when nothing is appended. */
function goAppend<T>(a: T[] | undefined, b: T[]): T[] | undefined {
  return a === undefined && b.length === 0 ? undefined : [...(a ?? []), ...b];
}

/** True for `kind: Component`. */
export function isComponent(k: Kustomization): boolean {
  return k.kind === 'Component';
}
