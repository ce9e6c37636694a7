/**
 * The parts many builtin plugin configs share: their schema fields, and reading metadata, field
 * specs and string maps once the config has been decoded against its kind's schema.
 */
import { shape } from '../kustomization/shape.js';
import { BuildError } from '../errors.js';
import { parseTable, type FieldSpec, type ParsedFieldSpec } from '../fieldspec/index.js';
import { fieldSpecSchema } from '../kustomization/schema.js';
import { isMap, newMap } from '../yaml/map.js';
import type { YMap } from '../yaml/index.js';
import type { ConfigPlace } from './builtin.js';

/** apiVersion, kind and metadata are read as written (kustomize reads them as resource metadata). */
export const META = { apiVersion: shape.unknown().optional(), kind: shape.unknown().optional(), metadata: shape.unknown().optional() };
/** An optional string field. */
export const optionalText = shape.string().optional();
/** An optional `fieldSpecs` list. */
export const fieldSpecList = shape.array(fieldSpecSchema).optional();

/** A config's metadata, or an empty map when it has none. */
export function metadataOf(obj: YMap): YMap {
  return isMap(obj.metadata) ? obj.metadata : {};
}

/** The config's `fieldSpecs`, parsed; none when absent. */
export function fieldSpecsOf(obj: YMap, p: ConfigPlace): ParsedFieldSpec[] {
  const fs = obj.fieldSpecs;
  if (fs === undefined || fs === null) return [];
  if (!Array.isArray(fs)) throw new BuildError(`${p.what}: fieldSpecs must be a list`, p);
  return parseTable(fs.map((s) => {
    if (!isMap(s) || typeof s.path !== 'string') throw new BuildError(`${p.what}: each field spec needs a path`, p);
    return s as unknown as FieldSpec;
  }));
}

/** The map of strings at `key` (labels, annotations); empty when absent. */
export function stringMapOf(obj: YMap, key: string, p: ConfigPlace): Record<string, string> {
  const v = obj[key];
  if (v === undefined || v === null) return {};
  if (!isMap(v)) throw new BuildError(`${p.what}: ${key} must be a map of strings`, p);
  const out = newMap() as Record<string, string>;
  for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' ? x : String(x);
  return out;
}
