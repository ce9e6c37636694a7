/**
 * A custom OpenAPI schema (the kustomization's `openapi: {path: ...}`), read for what strategic
 * merge needs. Like kustomize, it replaces the built-in Kubernetes schema: kinds it does not
 * describe merge plainly. Each definition with `x-kubernetes-group-version-kind` describes those
 * kinds; below it, a field whose `x-kubernetes-patch-strategy` includes `merge` is a list merged
 * by its `x-kubernetes-list-map-keys` (or else its `x-kubernetes-patch-merge-key`), or, with
 * neither, a list of scalars merged as a set. `$ref`s to other definitions are followed.
 */
import { BuildError } from '../errors.js';
import type { Value, YMap } from '../yaml/index.js';
import { MergeSchema } from './schema.js';
import { isMap } from '../yaml/map.js';

const REF_PREFIX = '#/definitions/';
// Deeper nesting than this only comes from schemas that refer to themselves.
const MAX_DEPTH = 64;

/** The list keys a field declares, or undefined when it does not merge. */
function mergeKeys(field: YMap): string[] | undefined {
  const strategy = field['x-kubernetes-patch-strategy'];
  if (typeof strategy !== 'string' || !strategy.split(',').includes('merge')) return undefined;
  const mapKeys = field['x-kubernetes-list-map-keys'];
  if (Array.isArray(mapKeys)) return mapKeys.filter((k): k is string => typeof k === 'string');
  const key = field['x-kubernetes-patch-merge-key'];
  return typeof key === 'string' ? [key] : [];
}

/**
 * Builds the merge schema of an OpenAPI (swagger 2) document, as JSON or YAML. `file` names it in
 * errors.
 */
export function mergeSchemaFromOpenApi(doc: Value, file: string): MergeSchema {
  if (!isMap(doc) || !isMap(doc.definitions)) {
    throw new BuildError("an OpenAPI schema must be a mapping with 'definitions' (swagger 2.0, as `kubectl get --raw /openapi/v2` prints)", { file });
  }
  const defs = doc.definitions;
  const schema = new MergeSchema(false);
  for (const def of Object.values(defs)) {
    if (!isMap(def) || !Array.isArray(def['x-kubernetes-group-version-kind'])) continue;
    for (const gvk of def['x-kubernetes-group-version-kind']) {
      if (!isMap(gvk) || typeof gvk.kind !== 'string') continue;
      const group = typeof gvk.group === 'string' ? gvk.group : '';
      const version = typeof gvk.version === 'string' ? gvk.version : '';
      const add = (path: string[], keys: string[]) => schema.addListKeys(group, gvk.kind as string, path.join('/'), keys, version);
      walk(defs, def, [], add, new Set(), 0);
    }
  }
  return schema;
}

function walk(defs: YMap, node: YMap, path: string[], add: (path: string[], keys: string[]) => void, open: Set<string>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (path.length) {
    const keys = mergeKeys(node);
    if (keys) add(path, keys);
  }
  let target = node;
  let name: string | undefined;
  if (typeof node.$ref === 'string' && node.$ref.startsWith(REF_PREFIX)) {
    name = node.$ref.slice(REF_PREFIX.length);
    const def = defs[name];
    if (!isMap(def) || open.has(name)) return;
    target = def;
    open.add(name);
  }
  // A list's elements sit at the list's own path.
  if (isMap(target.items)) walk(defs, target.items, path, add, open, depth + 1);
  if (isMap(target.properties)) {
    for (const [field, sub] of Object.entries(target.properties)) {
      if (isMap(sub)) walk(defs, sub, [...path, field], add, open, depth + 1);
    }
  }
  if (name !== undefined) open.delete(name);
}
