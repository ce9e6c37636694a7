/**
 * The namespace transformer: every namespaced resource moves to the namespace; cluster-scoped ones
 * are left alone and a Namespace object takes the new name.
 */
import { isClusterScoped, type ResMap } from '../resource/index.js';
import { specMatches, walkSpec, type ParsedFieldSpec } from '../fieldspec/index.js';
import type { BuiltinStep } from './context.js';

/** Options of the namespace transformer (kustomize's NamespaceTransformer config). */
export interface NamespaceOptions {
  namespace: string;
  /** Only set the namespace where none is set. */
  unsetOnly?: boolean;
  fieldSpecs: ParsedFieldSpec[];
}

export function setNamespace(m: ResMap, o: NamespaceOptions): void {
  for (const r of m.all()) {
    const id = r.id();
    if (id.kind === 'Namespace') {
      if (!o.unsetOnly) r.metadata().name = o.namespace;
      continue;
    }
    if (isClusterScoped(id)) continue;
    for (const s of o.fieldSpecs) {
      if (!specMatches(s, id)) continue;
      walkSpec(r.obj, s.parts, !!s.create, (parent, key) => {
        if (o.unsetOnly && typeof parent[key] === 'string' && parent[key] !== '') return;
        parent[key] = o.namespace;
      });
    }
  }
}

export const namespaceStep: BuiltinStep = {
  field: 'namespace',
  run(m, ctx) {
    if (!ctx.k.namespace) return;
    setNamespace(m, { namespace: ctx.k.namespace, fieldSpecs: ctx.tables.namespace });
  },
};
