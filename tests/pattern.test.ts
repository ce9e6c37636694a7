// User patterns (image names, patch targets): the JavaScript fast path of compilePattern against
// RE2JS, the engine it stands in for, on patterns inside and outside the shared syntax.
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { compilePattern } from '../src/resource/pattern.js';

const { RE2JS } = createRequire(import.meta.url)('re2js') as { RE2JS: { compile(p: string): { test(s: string): boolean } } };

const PATTERNS = [
  '^gcr.io/foo(@sha256)?(:[a-zA-Z0-9_.{}-]*)?$', '^(?:my-app)$', '^(?:.*-config)$', '^(?:a|b.c)$', '^(?:x+)$',
  '^(?:[^a]x)$', '^(?:a.b)$', '^(?:)$', '^(?:a?)$', '^(?:a*?)$', '^(?:a**)$', '^(?:(a)$', '^(?:*a)$', '^*',
  '^(?:(?i)abc)$', '^(?:[a-b-c])$', '^(?:[z-a])$', '^(?:a{2})$', '^(?:a|)$', 'a$b', '^(?:[.]x)$', '^(?:(|a)+)$',
];
const SUBJECTS = [
  '', 'a', 'aa', 'ab', 'abc', 'ABC', 'axb', 'a\nb', 'a\rb', 'a\u2028b', 'a😀b', 'b\nc', 'bxc', 'xxx', 'x-config',
  'my-app', 'gcr.io/foo', 'gcrXio/foo:v1', 'gcr.io/foo@sha256:abc', 'gcr.io/foo:v1\n', '.x', 'zx', '-',
];

describe('compilePattern', () => {
  for (const p of PATTERNS) {
    it(`reads ${JSON.stringify(p)} as RE2 does`, () => {
      let want: { test(s: string): boolean } | undefined;
      let wantError: string | undefined;
      try {
        want = RE2JS.compile(p);
      } catch (e) {
        wantError = (e as Error).message;
      }
      if (wantError !== undefined) {
        expect(() => compilePattern(p)).toThrow(wantError);
        return;
      }
      const got = compilePattern(p);
      for (const s of SUBJECTS) expect([s, got.test(s)]).toEqual([s, want!.test(s)]);
    });
  }

  it('leaves patterns that could backtrack for long to the RE2 engine', () => {
    for (const p of ['^(?:(a+)+)$', '^(?:(a|aa)*b)$', '^(?:a*a*a*b)$']) {
      expect(compilePattern(p)).not.toBeInstanceOf(RegExp);
      expect(compilePattern(p).test('a'.repeat(5000) + 'c')).toBe(false);
    }
  });

  it('compiles plain image names without the RE2 engine', () => {
    expect(compilePattern('^docker.io/kubeflow/notebook(@sha256)?(:[a-zA-Z0-9_.{}-]*)?$')).toBeInstanceOf(RegExp);
  });
});
