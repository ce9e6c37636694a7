/** ReplicaCountTransformer: each `replicas` entry, or a config of that kind. */
import { shape } from '../kustomization/shape.js';
import { BuildError, type ErrorPlace } from '../errors.js';
import { setReplicas } from '../transform/replicas.js';
import type { ParsedFieldSpec } from '../fieldspec/index.js';
import { isMap } from '../yaml/map.js';
import type { Builtin } from './builtin.js';
import { fieldSpecList, fieldSpecsOf, META, optionalText } from './config.js';

/** A replica count for the resources called `name`. */
export interface ReplicaConfig {
  name: string;
  count: number;
  fieldSpecs: ParsedFieldSpec[];
  place: ErrorPlace;
  /**
   * A kustomization entry fails when it changes nothing; a plugin config (`what` names it) only
   * when a resource of that name exists but is of no kind its fieldSpecs name.
   */
  what?: string;
}

export const replicaCountTransformer: Builtin<ReplicaConfig> = {
  kind: 'ReplicaCountTransformer',
  role: 'transformer',
  plugin: {
    schema: shape.object({ ...META, replica: shape.object({ name: optionalText, count: shape.number().int().optional() }).optional(), fieldSpecs: fieldSpecList }),
    read(obj, p) {
      const r = obj.replica;
      if (!isMap(r) || typeof r.name !== 'string' || typeof r.count !== 'number') {
        throw new BuildError(`${p.what}: replica needs a name and a count`, p);
      }
      return { name: r.name, count: r.count, fieldSpecs: fieldSpecsOf(obj, p), place: { file: p.file, field: p.field }, what: p.what };
    },
  },
  fromKustomization: (ctx) => (ctx.k.replicas ?? []).map((r, i) => ({
    name: r.name, count: r.count, fieldSpecs: ctx.tables.replicas, place: { file: ctx.file, field: `replicas[${i}]` },
  })),
  apply(m, c) {
    if (c.what !== undefined) {
      const named = m.all().some((x) => x.name === c.name || x.orgId.name === c.name);
      if (setReplicas(m, c.name, c.count, c.fieldSpecs) === 0 && named) {
        throw new BuildError(`${c.what}: resource '${c.name}' is of no kind its fieldSpecs name`, c.place);
      }
      return;
    }
    if (setReplicas(m, c.name, c.count, c.fieldSpecs) > 0) return;
    // kustomize refuses a replicas entry that changes nothing.
    const kinds = [...new Set(c.fieldSpecs.map((s) => s.kind).filter(Boolean))].join(', ');
    throw new BuildError(`no resource named '${c.name}' of a kind with replicas (${kinds})`, c.place);
  },
};
