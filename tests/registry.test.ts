// The builtin transformer registry: one step per kustomization field, in kustomize's order, each
// field one the kustomization schema knows.
import { describe, expect, it } from 'vitest';
import { BUILTIN_STEPS } from '../src/transform/index.js';
import { kustomizationSchema } from '../src/build/kustomization.js';

describe('builtin steps', () => {
  it('run in kustomize order', () => {
    expect(BUILTIN_STEPS.map((s) => s.field)).toEqual([
      'patchesStrategicMerge', 'patches', 'namespace', 'namePrefix', 'nameSuffix', 'labels',
      'commonAnnotations', 'patchesJson6902', 'replicas', 'images', 'replacements',
    ]);
  });
  it('each implement a field of the kustomization schema', () => {
    const fields = Object.keys(kustomizationSchema.shape);
    expect(BUILTIN_STEPS.map((s) => s.field).filter((f) => !fields.includes(f))).toEqual([]);
  });
});
