/**
 * The namespace transformer: every namespaced resource moves to the namespace; cluster-scoped ones
 * keep none (but their own namespace-valued fields in the table, such as an APIService's service,
 * follow), a Namespace object takes the new name, and RBAC subjects named `default` follow (any
 * subject kind, as the reference does). Other subjects follow through name references at the top.
 */
import { idText, isClusterScoped, type ResMap } from '../resource/index.js';
import { BuildError, type ErrorPlace } from '../errors.js';
import { specsForKind, walkSpec, type ParsedFieldSpec } from '../fieldspec/index.js';
import type { Value, YMap } from '../yaml/index.js';

/** Options of the namespace transformer (kustomize's NamespaceTransformer config). */
export interface NamespaceOptions {
  namespace: string;
  /** Only set the namespace where none is set. */
  unsetOnly?: boolean;
  fieldSpecs: ParsedFieldSpec[];
  /** Where the transformer is configured, for the error on an id conflict. */
  place?: ErrorPlace;
}

const BINDINGS = new Set(['RoleBinding', 'ClusterRoleBinding']);

function isUnset(v: Value | undefined): boolean {
  return v === undefined || v === null || v === '';
}

export function setNamespace(m: ResMap, o: NamespaceOptions): void {
  const forKind = specsForKind(o.fieldSpecs);
  for (const r of m.all()) {
    const id = r.id();
    // Like kustomize, the transformer records every resource's id as a previous one even when it
    // does not change it, so references may keep using the name it had here.
    r.storePreviousId();
    // Only the core v1 Namespace is renamed (kustomize's field spec names it by version too).
    if (id.kind === 'Namespace' && id.group === '' && id.version === 'v1') {
      if (!o.unsetOnly) r.metadata().name = o.namespace;
      continue;
    }
    const clusterScoped = isClusterScoped(id);
    for (const s of forKind(id)) {
      if (clusterScoped && s.path === 'metadata/namespace') continue;
      walkSpec(r.obj, s.parts, !!s.create, (parent, key) => {
        if (o.unsetOnly && !isUnset(parent[key])) return;
        parent[key] = o.namespace;
      });
    }
    if (BINDINGS.has(id.kind) && Array.isArray(r.obj.subjects)) {
      for (const s of r.obj.subjects) {
        if (s === null || typeof s !== 'object' || Array.isArray(s)) continue;
        const subj = s as YMap;
        if (subj.name !== 'default') continue;
        if (o.unsetOnly && !isUnset(subj.namespace)) continue;
        subj.namespace = o.namespace;
      }
    }
  }
  // kustomize checks that no two resources now share an id (names made equal by patches meet here).
  const dup = m.firstDuplicate();
  if (dup) {
    throw new BuildError(`namespace transformation produces an id conflict: ${idText(dup[1].id())} twice (from ${dup[0].source} and ${dup[1].source})`, o.place);
  }
}
