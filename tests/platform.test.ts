// The Kubeflow tree: every kustomization root under common/, applications/, experimental/ and
// example/ builds with kfm exactly as the reference built it (tests/platform/golden).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
// @ts-expect-error: plain ESM helper shared with the refresh script
import { listPlatformRoots, goldenPath, REPO } from '../scripts/fixtures.mjs';
import { kfmBuild } from './support.js';

const roots = listPlatformRoots() as string[];

describe('platform tree builds identically to the reference', () => {
  it('has kustomization roots', () => {
    expect(roots.length).toBeGreaterThan(0);
  });
  for (const root of roots) {
    it(root, () => {
      const golden = goldenPath(root);
      expect(existsSync(golden), `no golden file for ${root}: run npm run fixtures:refresh`).toBe(true);
      const got = kfmBuild(`${REPO}/${root}`);
      expect(got.error).toBeUndefined();
      expect(got.yaml).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
