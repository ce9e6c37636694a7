// Schemas kept as plain data (src/kustomization/shape.ts): the check that spares loading zod must
// never pass a value zod refuses, and must pass the valid kustomizations builds meet.
import { describe, expect, it } from 'vitest';
import { asZod, conforms } from '../src/kustomization/shape.js';
import { kustomizationSchema, replacementFieldSchema, replicaSchema } from '../src/kustomization/schema.js';
import { newMap } from '../src/yaml/map.js';

const proto = newMap();
proto.__proto__ = 'x';

const VALUES: [string, unknown][] = [
  ['empty', {}],
  ['resources', { resources: ['a.yaml', 'b'] }],
  ['labels', { labels: [{ pairs: { a: 'b' }, includeSelectors: true, fields: [{ path: 'x', kind: 'K', create: false }] }] }],
  ['sortOptions', { sortOptions: { order: 'fifo' } }],
  ['bad order', { sortOptions: { order: 'random' } }],
  ['unknown field', { resource: ['a'] }],
  ['proto key', proto],
  ['number for string', { namespace: 1 }],
  ['map for list', { resources: { a: 1 } }],
  ['null element', { resources: [null] }],
  ['replicas', { replicas: [{ name: 'a', count: 2 }] }],
  ['replica count 1.5', { replicas: [{ name: 'a', count: 1.5 }] }],
  ['replica count NaN', { replicas: [{ name: 'a', count: NaN }] }],
  ['replica count huge', { replicas: [{ name: 'a', count: 2 ** 60 }] }],
  ['replica no name', { replicas: [{ count: 1 }] }],
  ['helm', { helmCharts: [{ anything: [1, { x: null }] }] }],
  ['list', []],
  ['string', 'x'],
];

describe('plain-data schemas', () => {
  for (const [name, v] of VALUES) {
    it(`never pass what zod refuses: ${name}`, () => {
      for (const s of [kustomizationSchema, replicaSchema, replacementFieldSchema]) {
        const ours = conforms(v, s);
        const zods = asZod(s).safeParse(v).success;
        if (ours) expect(zods).toBe(true);
        if (s === kustomizationSchema && ['empty', 'resources', 'labels', 'sortOptions', 'replicas', 'helm'].includes(name)) expect(ours).toBe(true);
      }
    });
  }
});
