/**
 * Shared by the label and annotation transformers: put key/value pairs into every map a field-spec
 * table names.
 */
import type { ResMap } from '../resource/index.js';
import { specsForKind, walkResource, type ParsedFieldSpec } from '../fieldspec/index.js';
import type { YMap } from '../yaml/index.js';
import { needsQuotesV2, resolvePlainV3 } from '../yaml/scalar.js';
import { BuildError } from '../errors.js';
import type { TargetContext } from './context.js';
import { newMap } from '../yaml/map.js';

/**
 * kustomize passes commonLabels and commonAnnotations through go-yaml v2, which reads a key such
 * as `y`, `on`, `1` or `null` as a non-string; the build then fails when it writes the resource.
 * `labels[].pairs` go through go-yaml v3 instead, where only numbers (and nulls) are non-strings.
 * kfm refuses such keys up front, naming the field (quoting the key does not help in kustomize).
 */
export function checkLegacyPairKeys(pairs: Record<string, string>, field: string, ctx: TargetContext, resources: number): void {
  if (resources === 0) return;
  const v3 = field.startsWith('labels[');
  for (const key of Object.keys(pairs)) {
    const bad = v3 ? key !== '' && typeof resolvePlainV3(key) !== 'string' : key !== '' && needsQuotesV2(key);
    if (bad) {
      throw new BuildError(
        `key '${key}' is read by kustomize as a ${/^[0-9+.-]/.test(key) ? 'number' : 'boolean or null'}, and kustomize fails on it; use another key`,
        { file: ctx.file, field: `${field}.${key}` },
      );
    }
  }
}

/**
 * kustomize quirk, observed: when one label/annotation transformer adds a key to several maps of a
 * resource (metadata labels, selector, template labels), the maps share one value node. A later
 * transformer that changes that key in any of those maps changes it in all of them (so a plain
 * `labels` entry in an overlay also rewrites a selector value a base's commonLabels put there).
 * Groups of maps sharing a key's value, per map and key; dropped with the objects.
 * Module-level but safe: a group links maps of one build's resources and dies with them.
 */
const shared = new WeakMap<YMap, Map<string, Set<YMap>>>();

function link(group: Set<YMap>, key: string): void {
  for (const map of group) {
    let keys = shared.get(map);
    if (!keys) shared.set(map, (keys = new Map()));
    keys.set(key, group);
  }
}

/** Sets `key` in `map`; a value shared with other maps changes there too, as in kustomize. */
function setShared(map: YMap, key: string, value: string, added: Map<string, Set<YMap>>): void {
  const old = map[key];
  if (old === undefined) {
    let group = added.get(key);
    if (!group) added.set(key, (group = new Set()));
    group.add(map);
    map[key] = value;
    return;
  }
  const group = shared.get(map)?.get(key);
  if (group) {
    for (const other of group) if (other !== map && other[key] === old) other[key] = value;
  }
  map[key] = value;
}

/** Sets `pairs` in the maps at `specs` of every resource (creating maps where a spec says so). */
export function setPairs(m: ResMap, pairs: Record<string, string>, specs: ParsedFieldSpec[]): void {
  const entries = Object.entries(pairs);
  if (!entries.length) return;
  const forKind = specsForKind(specs);
  for (const r of m.all()) {
    const added = new Map<string, Set<YMap>>();
    for (const s of forKind(r.id())) {
      walkResource(r, s, !!s.create, (parent, key) => {
        let target = parent[key];
        if (target === undefined || target === null) {
          if (!s.create && target === undefined) return;
          target = newMap();
          parent[key] = target;
        }
        if (typeof target !== 'object' || Array.isArray(target)) return;
        for (const [k, v] of entries) setShared(target as YMap, k, v, added);
      });
    }
    for (const [k, group] of added) if (group.size > 1) link(group, k);
  }
}
