// The output cache against careless and hostile use: Secrets, permissions, a cache directory that
// cannot be made.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectSuccess, kfm, tempDir } from './support.js';

function secretTree(): string {
  const d = tempDir();
  writeFileSync(join(d, 'kustomization.yaml'), 'secretGenerator:\n- name: s\n  literals:\n  - password=hunter2\n');
  return d;
}

describe('output cache', () => {
  it('keeps no build that generated Secrets unless KFM_CACHE_SECRETS=1', () => {
    const d = secretTree();
    const cache = join(d, 'cache');
    expectSuccess(kfm(['build', d], { env: { KFM_CACHE: '', KFM_CACHE_DIR: cache } }));
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
    expectSuccess(kfm(['build', d], { env: { KFM_CACHE: '', KFM_CACHE_DIR: cache, KFM_CACHE_SECRETS: '1' } }));
    // The output, and (asked for too) the parsed kustomization.
    const files = readdirSync(cache, { recursive: true }).map(String).filter((f) => /\.(entry|json)$/.test(f)).sort();
    expect(files).toHaveLength(2);
    expect(files[1]).toMatch(/^parse\//);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    for (const f of files) expect(statSync(join(cache, f)).mode & 0o777).toBe(0o600);
  });

  it('a cache directory that cannot be made (under /proc) only means no cache', () => {
    const r = kfm(['build', secretTree()], { timeoutMs: 20_000, env: { KFM_CACHE: '', KFM_CACHE_DIR: '/proc/kfm-x/y', KFM_CACHE_SECRETS: '1' } });
    expectSuccess(r);
    expect(r.stdout).toContain('kind: Secret');
  });
});
