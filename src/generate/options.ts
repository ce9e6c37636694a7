/**
 * Generator options: the kustomization-level `generatorOptions` combined with a generator's own
 * `options` (maps merged with the generator's entries winning; flags set by either one stay set).
 */
import { BuildError, unknownFields } from '../errors.js';
import type { YMap } from '../yaml/index.js';
import { mapOf, newMap } from '../yaml/map.js';

/** The options one generator runs with. */
export interface GenOptions {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  disableNameSuffixHash: boolean;
  immutable: boolean;
}

const KNOWN = new Set(['labels', 'annotations', 'disableNameSuffixHash', 'immutable']);

function readOptions(raw: Record<string, unknown> | undefined, file: string, field: string): Partial<GenOptions> {
  if (!raw) return {};
  for (const k of Object.keys(raw)) {
    if (!KNOWN.has(k)) {
      throw new BuildError(`${unknownFields([k])}; expected labels, annotations, disableNameSuffixHash or immutable`, { file, field });
    }
  }
  const map = (name: string): Record<string, string> | undefined => {
    const v = raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) {
      throw new BuildError(`'${name}' must be a map of strings`, { file, field: `${field}.${name}` });
    }
    const out = newMap() as Record<string, string>;
    for (const [k, x] of Object.entries(v as YMap)) {
      if (typeof x !== 'string') throw new BuildError(`'${name}.${k}' must be a string`, { file, field: `${field}.${name}` });
      out[k] = x;
    }
    return out;
  };
  const flag = (name: string): boolean | undefined => {
    const v = raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw new BuildError(`'${name}' must be true or false`, { file, field: `${field}.${name}` });
    return v;
  };
  return {
    labels: map('labels'),
    annotations: map('annotations'),
    disableNameSuffixHash: flag('disableNameSuffixHash'),
    immutable: flag('immutable'),
  };
}

/** Combines `generatorOptions` (kustomization-wide) and a generator's `options`. */
export function combineOptions(
  global: Record<string, unknown> | undefined, own: Record<string, unknown> | undefined, file: string, field: string,
): GenOptions {
  const g = readOptions(global, file, 'generatorOptions');
  const o = readOptions(own, file, `${field}.options`);
  return {
    labels: mapOf(g.labels, o.labels) as Record<string, string>,
    annotations: mapOf(g.annotations, o.annotations) as Record<string, string>,
    disableNameSuffixHash: !!(g.disableNameSuffixHash || o.disableNameSuffixHash),
    immutable: !!(g.immutable || o.immutable),
  };
}
