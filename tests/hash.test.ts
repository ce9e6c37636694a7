// The content-hash name suffix matches the reference's for random generator inputs: 200 random
// configMapGenerator/secretGenerator entries (unicode, HTML characters, control characters,
// quotes, binary files, secret types, options) are built by kfm and, when present, the reference.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
// @ts-expect-error: plain ESM helper shared with the refresh script
import { haveReference, runReference } from '../scripts/reference.mjs';
import { kfmBuild } from './support.js';
import { nameHash } from '../src/generate/hash.js';

/** A small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'Z', '0', '9', ' ', '<', '>', '&', '"', "'", '\\', '\t', '=', '#', 'é', '✓', '😀', '\u2028', '\u0001', '/', '.', '-', '_', '{', '}'];
const KEY_CHARS = ['a', 'b', 'Z', '0', '.', '-', '_'];

function pick<T>(r: () => number, xs: T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function text(r: () => number, chars: string[], max: number): string {
  let s = '';
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += pick(r, chars);
  return s;
}

/** Writes a kustomization with `n` random generators into a fresh directory. */
function randomTree(seed: number, n: number): string {
  const r = rng(seed);
  const dir = mkdtempSync(join(tmpdir(), 'kfm-hash-'));
  const cms: unknown[] = [];
  const secrets: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const keys = new Set<string>();
    const literals: string[] = [];
    const files: string[] = [];
    const count = Math.floor(r() * 4);
    for (let j = 0; j < count; j++) {
      const key = `k${j}${text(r, KEY_CHARS, 5)}`;
      if (keys.has(key)) continue;
      keys.add(key);
      if (r() < 0.3) {
        const f = `f${i}-${j}`;
        const bytes = r() < 0.5 ? Buffer.from(text(r, ALPHABET, 30), 'utf8') : Buffer.from(Array.from({ length: Math.floor(r() * 20) }, () => Math.floor(r() * 256)));
        writeFileSync(join(dir, f), bytes);
        files.push(`${key}=${f}`);
      } else {
        literals.push(`${key}=${text(r, ALPHABET.filter((c) => c !== '\u0001' || r() < 0.5), 20)}`);
      }
    }
    const gen: Record<string, unknown> = { name: `g${i}` };
    if (literals.length) gen.literals = literals;
    if (files.length) gen.files = files;
    const options: Record<string, unknown> = {};
    if (r() < 0.2) options.immutable = true;
    if (r() < 0.2) options.labels = { l: text(r, ['a', 'b'], 4) || 'x' };
    if (r() < 0.1) options.annotations = { an: 'v' };
    if (Object.keys(options).length) gen.options = options;
    if (r() < 0.5) cms.push(gen);
    else {
      if (r() < 0.3) gen.type = pick(r, ['kubernetes.io/tls', 'Opaque', 'example.com/custom']);
      secrets.push(gen);
    }
  }
  writeFileSync(join(dir, 'kustomization.yaml'), dump({ configMapGenerator: cms, secretGenerator: secrets, sortOptions: { order: 'fifo' } }));
  return dir;
}

function names(yaml: string): string[] {
  return [...yaml.matchAll(/^ {2}name: (.*)$/gm)].map((m) => m[1]);
}

describe('content-hash name suffix', () => {
  it('is a pure function of data, not of the name', () => {
    const a = nameHash({ kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } });
    const b = nameHash({ kind: 'ConfigMap', metadata: { name: 'b' }, data: { k: 'v' } });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-z]{10}$/);
  });

  it.runIf(haveReference())('matches the reference for 200 random generator inputs', () => {
    const dir = randomTree(20261122, 200);
    try {
      const ref = runReference(dir, []);
      expect(ref.code, ref.stderr).toBe(0);
      const got = kfmBuild(dir);
      expect(got.error).toBeUndefined();
      const want = names(ref.stdout);
      expect(want.length).toBe(200);
      expect(names(got.yaml!)).toEqual(want);
      expect(got.yaml).toBe(ref.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
