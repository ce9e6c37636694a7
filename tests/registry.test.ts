// The builtin registry: kustomize's plugin order, the kustomization fields each kind compiles from,
// and the kinds a `transformers:`/`generators:` entry may name.
import { describe, expect, it } from 'vitest';
import { BUILTINS, builtinOf, configurableKinds } from '../src/builtins/index.js';
import { defaultTables } from '../src/fieldspec/index.js';
import type { Kustomization } from '../src/kustomization/schema.js';
import type { TargetContext } from '../src/transform/index.js';

/** How many configs each kind makes from `k` (kinds that make none left out). */
function compiled(k: Kustomization): Record<string, number> {
  const ctx = { dir: '/x', file: '/x/kustomization.yaml', k, tables: defaultTables() } as TargetContext;
  const out: Record<string, number> = {};
  for (const b of BUILTINS) {
    const n = b.fromKustomization(ctx).length;
    if (n) out[b.kind] = n;
  }
  return out;
}

describe('builtin registry', () => {
  it('holds kustomize\'s generators, then its transformers in the order the fields compile to', () => {
    expect(BUILTINS.map((b) => b.kind)).toEqual([
      'ConfigMapGenerator', 'SecretGenerator', 'IAMPolicyGenerator',
      'PatchStrategicMergeTransformer', 'PatchTransformer', 'NamespaceTransformer', 'PrefixTransformer',
      'SuffixTransformer', 'LabelTransformer', 'AnnotationsTransformer', 'PatchJson6902Transformer',
      'ReplicaCountTransformer', 'ImageTagTransformer', 'ReplacementTransformer',
      'PrefixSuffixTransformer', 'HashTransformer', 'SortOrderTransformer',
    ]);
    expect(BUILTINS.findIndex((b) => b.role === 'transformer')).toBe(BUILTINS.filter((b) => b.role === 'generator').length);
  });

  it('compiles each kustomization field into one config per plugin kustomize makes', () => {
    const k: Kustomization = {
      configMapGenerator: [{ name: 'a' }, { name: 'b' }],
      secretGenerator: [{ name: 's' }],
      patchesStrategicMerge: ['a.yaml', 'b.yaml'],
      patches: [{ path: 'p.yaml' }],
      namespace: 'ns',
      namePrefix: 'p-',
      nameSuffix: '-s',
      commonLabels: { a: 'b' },
      labels: [{ pairs: { c: 'd' } }, {}],
      commonAnnotations: { e: 'f' },
      patchesJson6902: [{ path: 'j.yaml' }, { path: 'k.yaml' }],
      replicas: [{ name: 'd', count: 2 }],
      images: [{ name: 'x' }, { name: 'y' }],
      replacements: [{ path: 'r.yaml' }, { path: 's.yaml' }],
    };
    expect(compiled(k)).toEqual({
      ConfigMapGenerator: 2, SecretGenerator: 1, PatchStrategicMergeTransformer: 1, PatchTransformer: 1,
      NamespaceTransformer: 1, PrefixTransformer: 1, SuffixTransformer: 1, LabelTransformer: 3,
      AnnotationsTransformer: 1, PatchJson6902Transformer: 2, ReplicaCountTransformer: 1,
      ImageTagTransformer: 2, ReplacementTransformer: 1,
    });
  });

  it('makes no transformer for fields left empty', () => {
    expect(compiled({ resources: ['a.yaml'], commonLabels: {}, commonAnnotations: {}, patches: [], namespace: '' })).toEqual({});
  });

  it('makes a LabelTransformer for commonLabels when labels are set, as kustomize does', () => {
    expect(compiled({ labels: [{ pairs: { a: 'b' } }] })).toEqual({ LabelTransformer: 2 });
  });

  it('lets configs name every kind except those kustomize only makes itself', () => {
    expect(configurableKinds().sort()).toEqual(
      BUILTINS.map((b) => b.kind).filter((k) => !['PrefixTransformer', 'SuffixTransformer', 'SortOrderTransformer'].includes(k)).sort(),
    );
    expect(configurableKinds('generator')).toEqual(['ConfigMapGenerator', 'SecretGenerator', 'IAMPolicyGenerator']);
  });

  it('finds builtins by kind only', () => {
    expect(builtinOf('LabelTransformer')?.kind).toBe('LabelTransformer');
    expect(builtinOf('labeltransformer')).toBeUndefined();
    expect(builtinOf(undefined)).toBeUndefined();
  });
});
