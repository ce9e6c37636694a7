/**
 * namePrefix and nameSuffix: change `metadata.name` (and any field a custom table adds); kinds
 * whose names are fixed by the API keep theirs, as in kustomize: CRDs and Namespaces of any group,
 * APIServices of their own group only.
 */
import type { Gvk, ResMap } from '../resource/index.js';
import { specsForKind, walkResource, type ParsedFieldSpec } from '../fieldspec/index.js';

const keepsName = (id: Gvk) =>
  id.kind === 'CustomResourceDefinition' || id.kind === 'Namespace' ||
  (id.kind === 'APIService' && id.group === 'apiregistration.k8s.io');

export interface PrefixSuffixOptions {
  prefix?: string;
  suffix?: string;
  fieldSpecs: ParsedFieldSpec[];
}

export function addPrefixSuffix(m: ResMap, o: PrefixSuffixOptions): void {
  if (!o.prefix && !o.suffix) return;
  const forKind = specsForKind(o.fieldSpecs);
  for (const r of m.all()) {
    const id = r.id();
    if (keepsName(id)) continue;
    for (const s of forKind(id)) {
      walkResource(r, s, !!s.create, (parent, key) => {
        const v = parent[key];
        if (typeof v === 'string') parent[key] = `${o.prefix ?? ''}${v}${o.suffix ?? ''}`;
      });
    }
  }
}
