// The YAML stage on generated input: kfm's reader and writer against each other (round trips), and,
// where the reference kustomize is on the machine, against the reference as an oracle on random
// strings, keys and numbers (seeded, so a failure reproduces).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitDocument, parseAll, compareKeys, type Value, type YMap } from '../src/yaml/index.js';
import { kfmBuild } from './support.js';
import { copyValue, mappingsFromJson, newMap } from '../src/yaml/map.js';
// @ts-expect-error: plain ESM helper shared with the refresh script
import { haveReference, runReference } from '../scripts/reference.mjs';

/** A small seeded PRNG (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a', 'b', 'Z', 'x', 'word', 'kubeflow', ' ', ' ', '  ', '\n', '\t', ':', ': ', '#', ' #', '-', '- ', '?', "'",
  '"', '\\', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '%', '@', '`', '0', '1', '7', '12', '0x1F', '1e3',
  '.5', 'true', 'no', 'null', '~', '2024-01-02', 'é', '日本', '🎉', '\u00a0', 'https://x.io/a?b=c',
];
/**
 * Line breaks only go-yaml knows (NEL, line and paragraph separators): kustomize's JSON round trip
 * folds NEL, and js-yaml reads them as text, so they are checked against the reference only.
 */
const GO_BREAKS = ['\u0085', '\u2028', '\u2029'];

function randomString(r: () => number, maxPieces: number, pieces = PIECES): string {
  let s = '';
  const n = Math.floor(r() * maxPieces);
  for (let i = 0; i < n; i++) s += pieces[Math.floor(r() * pieces.length)];
  return s;
}

/**
 * Words of CRD descriptions and CEL rules: long scalars made of them fold near column 80, and
 * quotes (doubled in single-quoted style) and escapes (in double-quoted style) widen the line.
 */
const WORDS = [
  'self.all(x,', 'has(x.operator)', '&&', '==', "''", "'Exists'", '?', '!has(x.value)', ':', 'true)', 'the',
  'description', '"q"', '\\', 'é', '日本語', '🎉', '', '  ', '#', '-', 'word.', 'a-much-longer-word-here',
  '\u00a0', 'x'.repeat(90),
];
/** Rarer words that force double quotes or a literal block. */
const RARE_WORDS = ['\n', ' \n', '\n ', '\t', '\u0001'];

/** A sentence of WORDS, sometimes with a leading or trailing space or line break. */
function randomSentence(r: () => number): string {
  const n = 1 + Math.floor(r() * 40);
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    const from = r() < 0.01 ? RARE_WORDS : WORDS;
    words.push(from[Math.floor(r() * from.length)]);
  }
  let s = words.join(r() < 0.85 ? ' ' : '');
  if (r() < 0.2) s += '\n';
  if (r() < 0.1) s = ' ' + s;
  if (r() < 0.1) s += ' ';
  return s;
}

function randomDoc(seed: number, goBreaks = false): YMap {
  const pieces = goBreaks ? [...PIECES, ...GO_BREAKS] : PIECES;
  const r = rng(seed);
  const data: YMap = {};
  for (let i = 0; i < 60; i++) data[`k${i}`] = randomString(r, i < 30 ? 6 : 40, pieces);
  const list: Value[] = [];
  for (let i = 0; i < 20; i++) list.push(i % 3 === 0 ? { v: randomString(r, 30, pieces), w: [randomString(r, 25, pieces)] } : randomString(r, 30, pieces));
  const keys: YMap = {};
  // Keys without digits: go-yaml's order is not total for keys mixing digit runs and letters
  // (see KNOWN-DIFFERENCES.md).
  for (let i = 0; i < 30; i++) keys[randomString(r, 4, pieces).replace(/[0-9]/g, '') || `e${i}`] = i;
  const nums: Value[] = [];
  for (let i = 0; i < 20; i++) {
    const x = r();
    nums.push(i % 4 === 0 ? Math.floor(x * 1e6) : i % 4 === 1 ? x * 10 ** Math.floor(r() * 20 - 10) : i % 4 === 2 ? -x : Math.round(x * 1e3) / 10);
  }
  // Sentences at several depths, so that folding starts from different columns.
  const rules: Value[] = [];
  for (let i = 0; i < 40; i++) rules.push({ rule: randomSentence(r), message: randomSentence(r) });
  const sentences: YMap = {};
  for (let i = 0; i < 40; i++) sentences[`s${i}`] = randomSentence(r);
  const deep = { a: { b: { c: { d: { e: { rules } } } } } };
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${seed}` }, data, spec: { list, keys, nums, sentences, deep } };
}

describe('mappings', () => {
  it('inherit nothing: any key is own data, as in Go', () => {
    const m = newMap();
    for (const k of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) expect(k in m).toBe(false);
    m['__proto__'] = 'x';
    m.constructor = 'y';
    expect(Object.keys(m)).toEqual(['__proto__', 'constructor']);
    expect(JSON.stringify(copyValue(m))).toBe('{"__proto__":"x","constructor":"y"}');
    // Their shared prototype cannot be given keys.
    expect(Object.isFrozen(Object.getPrototypeOf(m))).toBe(true);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(m))).toBe(null);
    expect(({} as Record<string, unknown>).__proto__).toBe(Object.prototype);
  });

  it('are made from JSON text (the parse cache) with the same shape and the same prototype', () => {
    const text = '[{"__proto__":{"constructor":1},"list":[{"a":null},[true,"x"],2.5],"0":"zero"},"s",null]';
    const v = mappingsFromJson(JSON.parse(text) as Value[]);
    expect(JSON.stringify(v)).toBe(JSON.stringify(JSON.parse(text)));
    const top = v[0] as YMap;
    const proto = Object.getPrototypeOf(newMap());
    for (const m of [top, top.__proto__ as YMap, (top.list as Value[])[0] as YMap]) expect(Object.getPrototypeOf(m)).toBe(proto);
    expect(Object.hasOwn(top, '__proto__') && !('toString' in top)).toBe(true);
    expect(Object.getPrototypeOf(top.list)).toBe(Array.prototype);
    // Nesting past the call stack is still converted (by the copy that needs no recursion).
    let deep: Value = { leaf: 1 };
    for (let i = 0; i < 200_000; i++) deep = { d: [deep] };
    let m = mappingsFromJson(deep) as YMap;
    let depth = 0;
    while (m.d) {
      expect(Object.getPrototypeOf(m)).toBe(proto);
      m = (m.d as Value[])[0] as YMap;
      depth++;
    }
    expect([depth, m.leaf, Object.getPrototypeOf(m)]).toEqual([200_000, 1, proto]);
  });
});

describe('emitter round trip', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`reads back what it writes (seed ${seed})`, () => {
      const doc = randomDoc(seed);
      const text = emitDocument(doc);
      const [back] = parseAll(text, 'roundtrip.yaml');
      expect(back).toEqual(doc);
      // Writing what was read gives the same text.
      expect(emitDocument(back)).toBe(text);
    });
  }

  it('sorts keys with a comparator that is consistent for ordinary keys', () => {
    const keys = ['b', 'a', 'A', '_x', 'a-b', 'a.b', 'a/b', 'z', 'Zed', 'x-1', 'x.1', 'k', 'K8s', 'ab', 'aB'];
    for (const a of keys) {
      expect(compareKeys(a, a)).toBe(0);
      for (const b of keys) if (a !== b) expect(Math.sign(compareKeys(a, b))).toBe(-Math.sign(compareKeys(b, a)));
    }
  });
});

describe.runIf(haveReference())('emitter against the reference on random input', () => {
  for (const seed of [11, 12, 13, 14, 15, 16]) {
    it(`seed ${seed}`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'kfm-yaml-'));
      try {
        // The input is written as JSON (a YAML subset), so both read exactly the same data.
        // Raw go-yaml line breaks are written as escapes: go-yaml would fold them on reading.
        const json = JSON.stringify(randomDoc(seed, true)).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        writeFileSync(join(dir, 'r.yaml'), json);
        writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- r.yaml\n');
        const ref = runReference(dir);
        const ours = kfmBuild(dir);
        if (ref.code === 0) expect(ours.yaml).toBe(ref.stdout);
        else expect(ours.error, ref.stderr).toBeTruthy();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
