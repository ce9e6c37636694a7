/** replicas: set `spec.replicas` of the named workloads. */
import type { ResMap } from '../resource/index.js';
import { specMatches, walkResource, type ParsedFieldSpec } from '../fieldspec/index.js';

/**
 * Sets the replica count of every resource called `name` (now or ever before) whose kind the table
 * names; returns how many resources matched.
 */
export function setReplicas(m: ResMap, name: string, count: number, specs: ParsedFieldSpec[]): number {
  let matched = 0;
  for (const r of m.all()) {
    // Any name the resource has had counts: a base's name survives the overlay's prefix.
    if (r.name !== name && !r.ids.some((i) => i.name === name)) continue;
    const id = r.id();
    let hit = false;
    for (const s of specs) {
      if (!specMatches(s, id)) continue;
      hit = true;
      walkResource(r, s, !!s.create, (parent, key) => {
        parent[key] = count;
      });
    }
    if (hit) matched++;
  }
  return matched;
}
