/**
 * Shared by the label and annotation transformers: put key/value pairs into every map a field-spec
 * table names.
 */
import type { ResMap } from '../resource/index.js';
import { specMatches, walkSpec, type ParsedFieldSpec } from '../fieldspec/index.js';
import type { YMap } from '../yaml/index.js';

/** Sets `pairs` in the maps at `specs` of every resource (creating maps where a spec says so). */
export function setPairs(m: ResMap, pairs: Record<string, string>, specs: ParsedFieldSpec[]): void {
  const entries = Object.entries(pairs);
  if (!entries.length) return;
  for (const r of m.all()) {
    const gvk = r.id();
    for (const s of specs) {
      if (!specMatches(s, gvk)) continue;
      walkSpec(r.obj, s.parts, !!s.create, (parent, key) => {
        let target = parent[key];
        if (target === undefined || target === null) {
          if (!s.create && target === undefined) return;
          target = {};
          parent[key] = target;
        }
        if (typeof target !== 'object' || Array.isArray(target)) return;
        for (const [k, v] of entries) (target as YMap)[k] = v;
      });
    }
  }
}
