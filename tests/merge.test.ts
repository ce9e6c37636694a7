// The merge stage's reusable functions, as other stages call them (the fixtures under
// tests/fixtures/patches check their behaviour against the reference through builds).
import { describe, expect, it } from 'vitest';
import { strategicMerge, builtinMergeSchema, applyJson6902, DELETED } from '../src/merge/index.js';
import { BuildError } from '../src/errors.js';

const widget = { group: 'example.com', version: 'v1', kind: 'Widget' };

describe('strategicMerge', () => {
  it('replaces lists of custom resources unless the schema is told their merge keys', () => {
    const base = { spec: { items: [{ name: 'a', v: 1 }, { name: 'b', v: 2 }] } };
    const patch = { spec: { items: [{ name: 'b', v: 3 }] } };
    expect(strategicMerge(base, patch, widget)).toEqual({ spec: { items: [{ name: 'b', v: 3 }] } });
    const schema = builtinMergeSchema().clone();
    schema.addListKeys('example.com', 'Widget', 'spec/items[]', ['name']);
    expect(strategicMerge(base, patch, widget, schema)).toEqual({ spec: { items: [{ name: 'b', v: 3 }, { name: 'a', v: 1 }] } });
    // The shared built-in schema is untouched.
    expect(strategicMerge(base, patch, widget)).toEqual({ spec: { items: [{ name: 'b', v: 3 }] } });
  });

  it('leaves its inputs alone and reports a whole-object delete', () => {
    const base = { data: { a: '1' } };
    const out = strategicMerge(base, { data: { b: '2' } }, { group: '', version: 'v1', kind: 'ConfigMap' });
    expect(out).toEqual({ data: { a: '1', b: '2' } });
    expect(base).toEqual({ data: { a: '1' } });
    expect(strategicMerge(base, { $patch: 'delete' }, { group: '', version: 'v1', kind: 'ConfigMap' })).toBe(DELETED);
  });
});

describe('applyJson6902', () => {
  it('names the operation and the target when an operation fails', () => {
    const run = () => applyJson6902({ spec: {} }, [{ op: 'remove', path: '/spec/x' }], { file: 'k.yaml', field: 'patches[0]' }, 'Deployment web');
    expect(run).toThrow(BuildError);
    expect(run).toThrow(/k\.yaml: patches\[0\].*remove \/spec\/x.*Deployment web/);
  });
});
