/**
 * `kfm validate DIR`: every resource of a build against the schema the API server would apply:
 * builtin kinds against the Kubernetes OpenAPI schemas of the schema package (one Kubernetes
 * minor), custom resources against the CRDs found in the same build (CEL rules included).
 * Custom resources whose CRD is not in the build are reported as not checked.
 */
import { build } from '../build/index.js';
import { BuildError } from '../errors.js';
import { splitApiVersion } from '../resource/id.js';
import { idOf } from './diff.js';
import { isObj, type Obj } from './source.js';
import { BuiltinSchemas, runTraced, SCHEMA_PACKAGE, toProblem, type Problem } from './validate-builtin.js';
import { checkCustomResource, type CrdContext, type Schema } from './validate-crd.js';

export type { Problem } from './validate-builtin.js';

/** Options of {@link validateObjects}. */
export interface ValidateOptions {
  /** The Kubernetes minor to validate against (`1.36`, `v1.36`, `1.36.2`); the package's by default. */
  kubernetesVersion?: string;
}

/** What `kfm validate` found. */
export interface ValidationReport {
  kubernetes: string;
  resources: number;
  problems: Problem[];
  /** Custom resources whose CRD is not in the build. */
  notChecked: { resource: string; reason: string }[];
  cel: { evaluated: number; failed: number; skipped: { rule: string; reason: string; count: number }[] };
}

/** The minor to validate against, refusing any the schema package does not provide. */
export function kubernetesMinor(requested?: string): string {
  if (requested === undefined) return SCHEMA_PACKAGE.kubernetes;
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(requested.trim());
  const minor = m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
  if (minor !== SCHEMA_PACKAGE.kubernetes) {
    throw new BuildError(
      `--kubernetes-version ${requested}: the schemas available are Kubernetes ${SCHEMA_PACKAGE.kubernetes} only (${SCHEMA_PACKAGE.name} ${SCHEMA_PACKAGE.version})`,
    );
  }
  return minor;
}

interface CrdVersion {
  served: boolean;
  schema?: Schema;
  status: boolean;
}

/** The CRDs of the build by `group/Kind`, each with its versions. */
function crdIndex(objects: Obj[]): Map<string, { name: string; versions: Map<string, CrdVersion> }> {
  const out = new Map<string, { name: string; versions: Map<string, CrdVersion> }>();
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition' || !String(o.apiVersion).startsWith('apiextensions.k8s.io/') || !isObj(o.spec)) continue;
    const spec = o.spec;
    const names = isObj(spec.names) ? spec.names : {};
    const versions = new Map<string, CrdVersion>();
    for (const v of Array.isArray(spec.versions) ? spec.versions.filter(isObj) : []) {
      const schema = isObj(v.schema) && isObj(v.schema.openAPIV3Schema) ? (v.schema.openAPIV3Schema as Schema) : undefined;
      const status = isObj(v.subresources) && v.subresources.status !== undefined;
      versions.set(String(v.name), { served: v.served !== false, schema, status });
    }
    out.set(`${String(spec.group)}/${String(names.kind)}`, { name: String((o.metadata as Obj | undefined)?.name ?? ''), versions });
  }
  return out;
}

/** Validates rendered objects (as a build prints them). */
export async function validateObjects(objects: Obj[], opts: ValidateOptions = {}): Promise<ValidationReport> {
  const kubernetes = kubernetesMinor(opts.kubernetesVersion);
  const schemas = new BuiltinSchemas();
  const crds = crdIndex(objects);
  const { CelEvaluator } = await import('./validate-cel.js');
  const objectMeta = await schemas.objectMeta();
  const ctx: CrdContext = {
    cel: new CelEvaluator(),
    objectMeta: (value, at) => runTraced(objectMeta, value, at),
    celStats: { evaluated: 0, failed: 0, skipped: new Map() },
  };
  const problems: Problem[] = [];
  const notChecked: ValidationReport['notChecked'] = [];
  for (const o of objects) {
    const id = idOf(o);
    const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
    const kind = typeof o.kind === 'string' ? o.kind : '';
    const { group, version } = splitApiVersion(apiVersion);
    if (schemas.isBuiltinGroup(group)) {
      const validate = await schemas.validator(apiVersion, kind);
      if (!validate) problems.push({ resource: id, path: '', message: `${kind} ${apiVersion} is not served by Kubernetes ${kubernetes}` });
      else for (const f of runTraced(validate, o)) problems.push(toProblem(id, f));
      continue;
    }
    const crd = crds.get(`${group}/${kind}`);
    const v = crd?.versions.get(version);
    if (!crd) notChecked.push({ resource: id, reason: 'CRD not in build' });
    else if (!v || !v.served) problems.push({ resource: id, path: 'apiVersion', message: `CustomResourceDefinition ${crd.name} does not serve version ${version}` });
    else if (!v.schema) notChecked.push({ resource: id, reason: `CustomResourceDefinition ${crd.name} has no schema for ${version}` });
    else for (const f of checkCustomResource(o, v.schema, ctx, v.status)) problems.push(toProblem(id, f));
  }
  const skipped = [...ctx.celStats.skipped.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
  return { kubernetes, resources: objects.length, problems, notChecked, cel: { evaluated: ctx.celStats.evaluated, failed: ctx.celStats.failed, skipped } };
}

/** Builds a kustomization directory and validates its output. */
export async function validateDir(dir: string, opts: ValidateOptions & { onWarning?: (msg: string) => void } = {}): Promise<ValidationReport> {
  kubernetesMinor(opts.kubernetesVersion);
  const objects = build(dir, { onWarning: opts.onWarning ?? (() => {}) }).objects as Obj[];
  return validateObjects(objects, opts);
}

/** True when the report fails: problems, or (with `strict`) resources not checked. */
export function hasFailures(r: ValidationReport, strict = false): boolean {
  return r.problems.length > 0 || (strict && r.notChecked.length > 0);
}

/** The text report: one line per problem, notes, then a summary line. */
export function formatReport(r: ValidationReport, strict = false): string {
  const lines = r.problems.map((p) => `${p.resource}: ${p.path ? `${p.path}: ` : ''}${p.message}`);
  for (const n of r.notChecked) lines.push(`${strict ? '' : 'note: '}${n.resource}: not checked (${n.reason})`);
  for (const s of r.cel.skipped) lines.push(`note: CEL rule skipped${s.count > 1 ? ` ${s.count} times` : ''} (${s.reason}): ${s.rule}`);
  const withProblems = new Set(r.problems.map((p) => p.resource)).size;
  const skippedRuns = r.cel.skipped.reduce((n, s) => n + s.count, 0);
  const valid = r.resources - withProblems - r.notChecked.length;
  lines.push(
    `${r.resources} resources: ${valid} valid, ${withProblems} with problems (${r.problems.length} problems), ${r.notChecked.length} not checked; ` +
      `Kubernetes ${r.kubernetes}; CEL rules: ${r.cel.evaluated} evaluated, ${r.cel.failed} failed, ${skippedRuns} skipped`,
  );
  return lines.join('\n') + '\n';
}
