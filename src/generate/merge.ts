/**
 * How a generated object with behavior merge/replace combines with the base object of its id: the
 * new object wins, but keeps the base's name and namespace, merges in the base's labels and
 * annotations and (merge only) the base's data and binaryData keys it does not override.
 */
import type { Value, YMap } from '../yaml/index.js';
import { copyValue, mapOf, newMap } from '../yaml/map.js';

function asMap(v: Value | undefined): YMap | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as YMap) : undefined;
}

function mergeMaps(into: YMap, key: string, older: YMap | undefined, newer: YMap | undefined): void {
  if (!older && !newer) return;
  const out = mapOf(older, newer);
  if (Object.keys(out).length || newer) into[key] = out;
  else delete into[key];
}

/** The object that takes the base object's place. */
export function mergeGenerated(old: YMap, gen: YMap, behavior: 'merge' | 'replace'): YMap {
  const out = copyValue(gen);
  const md = asMap(out.metadata) ?? newMap();
  out.metadata = md;
  const oldMd = asMap(old.metadata) ?? newMap();
  mergeMaps(md, 'labels', asMap(oldMd.labels), asMap(md.labels));
  mergeMaps(md, 'annotations', asMap(oldMd.annotations), asMap(md.annotations));
  if (oldMd.name !== undefined) md.name = oldMd.name;
  if (oldMd.namespace !== undefined) md.namespace = oldMd.namespace;
  else delete md.namespace;
  if (behavior === 'merge') {
    mergeMaps(out, 'data', asMap(old.data), asMap(out.data));
    mergeMaps(out, 'binaryData', asMap(old.binaryData), asMap(out.binaryData));
  }
  return out;
}
