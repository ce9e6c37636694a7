// The differential fuzzer's tree generator (scripts/fuzz/), checked without the reference: trees
// are deterministic per seed, well-formed (every file a kustomization names is there, every YAML
// file reads), and mostly buildable, so the fuzzer compares outputs rather than errors.
import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAll } from '../src/yaml/index.js';
import { kfmBuild } from './support.js';
// @ts-expect-error: plain ESM helpers of the fuzz script
import { generateTree, writeTree, fileText } from '../scripts/fuzz/generate.mjs';
// @ts-expect-error: plain ESM helpers of the fuzz script
import { treeSeed } from '../scripts/fuzz/random.mjs';
// @ts-expect-error: plain ESM helpers of the fuzz script
import { runPool } from '../scripts/fuzz/pool.mjs';
// @ts-expect-error: plain ESM helpers of the fuzz script
import { openRefCache, treeKey } from '../scripts/fuzz/refcache.mjs';

interface TreeFile { path: string; type: 'yaml' | 'text' }
interface Tree { root: string; files: TreeFile[] }

const SEEDS = Array.from({ length: 40 }, (_, i) => treeSeed(7, i));

describe('fuzz tree generator', () => {
  it('gives the same tree for the same seed, and different trees for different seeds', () => {
    const text = (t: Tree) => t.files.map((f) => `${f.path}\n${fileText(f)}`).join('\n');
    expect(text(generateTree(SEEDS[0]))).toBe(text(generateTree(SEEDS[0])));
    expect(text(generateTree(SEEDS[0]))).not.toBe(text(generateTree(SEEDS[1])));
  });

  it('writes YAML that reads, with a kustomization at the root', () => {
    for (const seed of SEEDS) {
      const t = generateTree(seed) as Tree;
      expect(t.files.some((f) => f.path === `${t.root}/kustomization.yaml`)).toBe(true);
      for (const f of t.files.filter((x) => x.type === 'yaml')) {
        expect(() => parseAll(fileText(f), f.path), `seed ${seed} ${f.path}`).not.toThrow();
      }
    }
  });

  it('makes trees that mostly build, and never fail on a missing file or crash kfm', () => {
    let built = 0;
    for (const seed of SEEDS) {
      const dir = mkdtempSync(join(tmpdir(), 'kfm-fuzz-test-'));
      try {
        const t = generateTree(seed) as Tree;
        writeTree(t, dir);
        const r = kfmBuild(join(dir, t.root));
        if (r.yaml !== undefined) built++;
        else expect(r.error, `seed ${seed}`).not.toMatch(/' does not exist|no such file/i);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    expect(built / SEEDS.length).toBeGreaterThan(0.6);
  });

  it('leaves the decoding features out unless asked for', () => {
    const texts = (features: string[]) => SEEDS.map((s) => generateTree(s, features) as Tree)
      .flatMap((t) => t.files.filter((f) => f.path.endsWith('kustomization.yaml')).map(fileText)).join('\n');
    const recased = /^(NamePrefix|nameprefix|Resources|Namespace|CommonLabels|commonlabels|Patches|ConfigMapGenerator|configmapgenerator):/m;
    expect(texts([])).not.toMatch(recased);
    expect(texts(['field-case'])).toMatch(recased);
  });
});

describe('fuzz trial pool', () => {
  it('hands results on in index order whatever order they finish in, never running more than asked', async () => {
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const delays = [30, 5, 20, 1, 10, 0, 25, 2];
    await runPool(delays.length, 3, async (i: number) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, delays[i]));
      running--;
      return i * 10;
    }, (i: number, v: number) => order.push(i, v));
    expect(order).toEqual(delays.flatMap((_, i) => [i, i * 10]));
    expect(most).toBe(3);
  });

  it('keys stored reference results by tree content and reference, and reads them back', () => {
    const [a, b] = [generateTree(SEEDS[0]), generateTree(SEEDS[1])];
    expect(treeKey(a, 'ref')).toBe(treeKey(generateTree(SEEDS[0]), 'ref'));
    expect(treeKey(a, 'ref')).not.toBe(treeKey(b, 'ref'));
    expect(treeKey(a, 'ref')).not.toBe(treeKey(a, 'another ref'));
    const dir = mkdtempSync(join(tmpdir(), 'kfm-refcache-'));
    try {
      const file = join(dir, 'ref.jsonl');
      const store = openRefCache(file);
      store.put('k1', { code: 0, stdout: 'out\n', stderr: '' });
      store.put('k1', { code: 1, stdout: '', stderr: 'ignored: first result kept' });
      // A line cut short by an interrupted run is skipped on reading.
      appendFileSync(file, '{"key":"k2","ref":{"co');
      const again = openRefCache(file);
      expect(again.size()).toBe(1);
      expect(again.get('k1')).toEqual({ code: 0, stdout: 'out\n', stderr: '' });
      expect(again.get('k2')).toBeUndefined();
      again.put('k3', { code: 0, stdout: '', stderr: '' });
      expect(openRefCache(file).size()).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
