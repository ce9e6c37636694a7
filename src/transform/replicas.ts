/** replicas: set `spec.replicas` of the named workloads. */
import type { ResMap } from '../resource/index.js';
import { specMatches, walkSpec, type ParsedFieldSpec } from '../fieldspec/index.js';
import type { BuiltinStep } from './context.js';

export function setReplicas(m: ResMap, name: string, count: number, specs: ParsedFieldSpec[]): void {
  for (const r of m.all()) {
    if (r.name !== name && r.orgId.name !== name) continue;
    const id = r.id();
    for (const s of specs) {
      if (!specMatches(s, id)) continue;
      walkSpec(r.obj, s.parts, !!s.create, (parent, key) => {
        parent[key] = count;
      });
    }
  }
}

export const replicasStep: BuiltinStep = {
  field: 'replicas',
  run(m, ctx) {
    for (const r of ctx.k.replicas ?? []) setReplicas(m, r.name, r.count, ctx.tables.replicas);
  },
};
