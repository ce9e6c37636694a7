// The output cache's probes (src/build/probe.ts): a warm run checks a compacted set of what the
// build looked at, and that set must fail wherever the full one fails. Each case records a build's
// probes, marks its files as if they were old, then changes the tree and compares the answers of
// the full and the compacted sets against a fresh build.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../src/build/index.js';
import { compactProbes, probesHold, statMark, type Probe } from '../src/build/probe.js';

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'kfm-probe-'));
  mkdirSync(join(root, 'app/base/parts'), { recursive: true });
  writeFileSync(join(root, 'app/kustomization.yaml'), 'resources: [base]\nnamePrefix: p-\n');
  writeFileSync(join(root, 'app/base/kustomization.yaml'), 'resources: [parts/cm.yaml, parts/sa.yaml]\n');
  writeFileSync(join(root, 'app/base/parts/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: "1"\n');
  writeFileSync(join(root, 'app/base/parts/sa.yaml'), 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n');
  return root;
}

/** The build's probes, with the marks its files would carry had they been written long ago. */
function probesOf(dir: string): Probe[] {
  const probes: Probe[] = [];
  build(dir, { probes });
  return probes.map((x) => (x.k === 'file' ? { ...x, m: statMark(x.p, 0n) } : x));
}

const render = (dir: string): string | Error => {
  try {
    return build(dir).yaml();
  } catch (e) {
    return e as Error;
  }
};

const CHANGES: [string, (root: string) => void, boolean][] = [
  ['nothing', () => {}, true],
  ['a file touched, its content kept', (r) => utimesSync(join(r, 'app/base/parts/cm.yaml'), new Date(), new Date(2000, 1, 1)), true],
  ['a file edited', (r) => writeFileSync(join(r, 'app/base/parts/cm.yaml'), readFileSync(join(r, 'app/base/parts/cm.yaml'), 'utf8').replace('"1"', '"2"')), false],
  ['a file removed', (r) => rmSync(join(r, 'app/base/parts/sa.yaml')), false],
  ['a file turned into a directory', (r) => { rmSync(join(r, 'app/base/parts/sa.yaml')); mkdirSync(join(r, 'app/base/parts/sa.yaml')); }, false],
  ['a file replaced by a link to the same content', (r) => {
    cpSync(join(r, 'app/base/parts/sa.yaml'), join(r, 'sa-copy.yaml'));
    rmSync(join(r, 'app/base/parts/sa.yaml'));
    symlinkSync(join(r, 'sa-copy.yaml'), join(r, 'app/base/parts/sa.yaml'));
  }, false],
  ['a folder replaced by a link to a copy of it', (r) => {
    cpSync(join(r, 'app/base/parts'), join(r, 'parts-copy'), { recursive: true });
    renameSync(join(r, 'app/base/parts'), join(r, 'parts-old'));
    symlinkSync(join(r, 'parts-copy'), join(r, 'app/base/parts'));
  }, false],
  ['a base folder replaced by a link to a copy of it', (r) => {
    cpSync(join(r, 'app/base'), join(r, 'base-copy'), { recursive: true });
    renameSync(join(r, 'app/base'), join(r, 'base-old'));
    symlinkSync(join(r, 'base-copy'), join(r, 'app/base'));
  }, false],
  ['a second kustomization file', (r) => writeFileSync(join(r, 'app/base/kustomization.yml'), 'resources: []\n'), false],
];

describe('compacted probes', () => {
  it('keep fewer checks than the build took', () => {
    const probes = probesOf(join(tree(), 'app'));
    const distinct = new Set(probes.map((x) => JSON.stringify(x))).size;
    expect(compactProbes(probes).length).toBeLessThan(distinct);
  });

  for (const [what, change, same] of CHANGES) {
    it(`answer as the full set does: ${what}`, () => {
      const root = tree();
      const dir = join(root, 'app');
      const before = render(dir);
      const probes = probesOf(dir);
      change(root);
      const full = probesHold(probes);
      expect(probesHold(compactProbes(probes))).toBe(full);
      // And a hold is only ever right: the output is then the same.
      if (full) expect(render(dir)).toEqual(before);
      // The cases name what a warm run must notice.
      expect(full).toBe(same);
    });
  }
});
