// Prototype pollution: keys such as __proto__, constructor and prototype are ordinary keys to
// kustomize. An in-process build of such input leaves Object.prototype untouched and prints what
// the reference printed (the golden files of tests/fixtures/hostile/proto-*, made by it).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from '../../src/index.js';
import { FIX } from './support.js';

function prototypeState(): string {
  const names = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
  const probe: Record<string, unknown> = {};
  return `${names}|${Object.getPrototypeOf(probe) === Object.prototype}|${String(probe.namespace)}|${String(probe.labels)}`;
}

describe('prototype pollution', () => {
  for (const c of ['proto-patch', 'proto-keys', 'proto-nested']) {
    it(`${c}: the reference's output, Object.prototype untouched`, () => {
      const before = prototypeState();
      const out = build(join(FIX, c)).yaml();
      expect(prototypeState()).toBe(before);
      expect(({} as Record<string, unknown>).namespace).toBeUndefined();
      expect(out).toBe(readFileSync(join(FIX, c, 'expected.yaml'), 'utf8'));
    });
  }

  it('a patch on one ConfigMap leaves the others alone', () => {
    const [patched, other] = build(join(FIX, 'proto-patch')).yaml().split('---\n');
    expect(patched).toContain('__proto__:\n    namespace: evil\n');
    expect(other).not.toContain('namespace');
  });
});
