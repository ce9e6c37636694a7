/**
 * The kustomization file: its schema (unknown fields are errors, as in kustomize), legacy fields
 * folded into current ones with kustomize's deprecation warnings, and clear errors that name the
 * file and the field.
 */
import { z } from 'zod';
import { BuildError } from '../errors.js';
import { newMap } from '../yaml/map.js';

const str = z.string();
const strList = z.array(str);
const strMap = z.record(z.string(), z.string());
const anyMap = z.record(z.string(), z.unknown());

const target = z.object({
  group: str.optional(), version: str.optional(), kind: str.optional(), name: str.optional(),
  namespace: str.optional(), labelSelector: str.optional(), annotationSelector: str.optional(),
}).loose();

const patch = z.object({
  path: str.optional(),
  patch: str.optional(),
  target: target.optional(),
  options: z.object({ allowNameChange: z.boolean().optional(), allowKindChange: z.boolean().optional() }).loose().optional(),
}).strict();

const generatorArgs = z.object({
  name: str.optional(),
  namespace: str.optional(),
  behavior: z.enum(['create', 'merge', 'replace', '']).optional(),
  literals: strList.optional(),
  files: strList.optional(),
  envs: strList.optional(),
  env: str.optional(),
  type: str.optional(),
  options: anyMap.optional(),
}).strict();

const label = z.object({
  pairs: strMap.optional(),
  includeSelectors: z.boolean().optional(),
  includeTemplates: z.boolean().optional(),
  fields: z.array(anyMap).optional(),
}).strict();

const image = z.object({
  name: str.optional(),
  newName: str.optional(),
  newTag: str.optional(),
  digest: str.optional(),
  tagSuffix: str.optional(),
}).strict();

const replica = z.object({ name: str, count: z.number().int() }).strict();

const sortOptions = z.object({
  order: z.enum(['legacy', 'fifo']).optional(),
  legacySortOptions: z.object({ orderFirst: strList.optional(), orderLast: strList.optional() }).strict().optional(),
}).strict();

/** The schema of a kustomization file (Kustomization or Component). */
export const kustomizationSchema = z.object({
  apiVersion: str.optional(),
  kind: str.optional(),
  metadata: anyMap.optional(),
  openapi: anyMap.optional(),
  namePrefix: str.optional(),
  nameSuffix: str.optional(),
  namespace: str.optional(),
  commonLabels: strMap.optional(),
  labels: z.array(label).optional(),
  commonAnnotations: strMap.optional(),
  patchesStrategicMerge: strList.optional(),
  patchesJson6902: z.array(z.object({ target: target.optional(), path: str.optional(), patch: str.optional() }).strict()).optional(),
  patches: z.array(patch).optional(),
  images: z.array(image).optional(),
  imageTags: z.array(image).optional(),
  replacements: z.array(anyMap).optional(),
  replicas: z.array(replica).optional(),
  vars: z.array(anyMap).optional(),
  sortOptions: sortOptions.optional(),
  resources: strList.optional(),
  components: strList.optional(),
  crds: strList.optional(),
  bases: strList.optional(),
  configMapGenerator: z.array(generatorArgs).optional(),
  secretGenerator: z.array(generatorArgs).optional(),
  helmGlobals: anyMap.optional(),
  helmCharts: z.array(anyMap).optional(),
  helmChartInflationGenerator: z.array(anyMap).optional(),
  generatorOptions: anyMap.optional(),
  configurations: strList.optional(),
  generators: strList.optional(),
  transformers: strList.optional(),
  validators: strList.optional(),
  buildMetadata: strList.optional(),
}).strict();

/** A parsed kustomization. */
export type Kustomization = z.infer<typeof kustomizationSchema>;
export type PatchEntry = z.infer<typeof patch>;
export type GeneratorArgs = z.infer<typeof generatorArgs>;
export type LabelEntry = z.infer<typeof label>;
export type ImageEntry = z.infer<typeof image>;

/** The file names a kustomization root may use, in kustomize's order of preference. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

function describe(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '';
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    return `${field ? field + ': ' : ''}unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}`;
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
  const parsed = kustomizationSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map(describe);
    throw new BuildError(`invalid kustomization: ${issues.join('; ')}`, { file });
  }
  // The schema has no defaults or conversions, so the checked input is the result; zod's copy
  // would drop keys such as `__proto__`, which are ordinary keys to kustomize.
  const k = raw as Kustomization;
  if (k.kind && k.kind !== 'Kustomization' && k.kind !== 'Component') {
    throw new BuildError(`kind '${k.kind}' is not a kustomization: expected Kustomization or Component`, { file, field: 'kind' });
  }
  const deprecated = (field: string, instead: string, extra = '') =>
    warn(`# Warning: '${field}' is deprecated. Please use '${instead}' instead.${extra} Run 'kustomize edit fix' to update your Kustomization automatically.`);
  if (k.bases) {
    deprecated('bases', 'resources');
    k.resources = [...(k.resources ?? []), ...k.bases];
    delete k.bases;
  }
  if (k.commonLabels) deprecated('commonLabels', 'labels');
  if (k.patchesStrategicMerge) deprecated('patchesStrategicMerge', 'patches');
  if (k.patchesJson6902) deprecated('patchesJson6902', 'patches');
  if (k.imageTags) {
    deprecated('imageTags', 'images');
    k.images = [...(k.images ?? []), ...k.imageTags];
    delete k.imageTags;
  }
  if (k.vars) deprecated('vars', 'replacements', ' [EXPERIMENTAL]');
  for (const g of [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])]) {
    if (g.env !== undefined) {
      g.envs = [...(g.envs ?? []), g.env];
      delete g.env;
    }
  }
  return k;
}

/** True for `kind: Component`. */
export function isComponent(k: Kustomization): boolean {
  return k.kind === 'Component';
}
