// The remote cache: a second build does no git work, a tag is never fetched again, a branch is
// checked again after its TTL, offline builds use only the cache, concurrent builds and a damaged
// entry do no harm, and the output cache notices a branch that moved.
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from '../../src/index.js';
import { cm, countingGit, git, kfm, makeApp, publish, scratch, writeTree } from './support.js';

let root: string;
let app: ReturnType<typeof makeApp>;
let counter: ReturnType<typeof countingGit>;

beforeAll(() => {
  root = scratch();
  app = makeApp(root);
  counter = countingGit(root);
});

/** A kustomization naming `n` remote bases of the bare repository at `ref`. */
function overlay(name: string, ref: string, n = 1): string {
  const dir = join(root, name);
  const lines = ['resources:'];
  for (let i = 1; i <= n; i++) lines.push(`- file://${app.bare}//o${i}?ref=${ref}`);
  writeTree(dir, { 'kustomization.yaml': lines.join('\n') + '\n' });
  return dir;
}

describe('remote cache', () => {
  it('a second build of a tree with 10 remote references does no git work', async () => {
    const dir = overlay('ten', 'v1', 9);
    writeTree(dir, { 'kustomization.yaml': `resources:\n${[...Array(9)].map((_, i) => `- file://${app.bare}//o${i + 1}?ref=v1`).join('\n')}\n- file://${app.work}//base?ref=v1\n` });
    const env = { ...counter.env, KFM_CACHE_DIR: join(root, 'c-ten') };
    const first = await kfm(['build', dir, '--no-cache'], env);
    expect(first.code).toBe(0);
    const fetches = counter.calls().length;
    // One fetch per repository and ref (two here), however many folders are used from it.
    expect(fetches).toBeGreaterThan(0);
    expect(fetches).toBeLessThanOrEqual(2 * 4);
    const second = await kfm(['build', dir, '--no-cache'], env);
    expect(second).toEqual(first);
    expect(counter.calls().length).toBe(fetches);
    // The output cache answers too, and also without git.
    await kfm(['build', dir], env);
    expect(await kfm(['build', dir], env)).toEqual(first);
    expect(counter.calls().length).toBe(fetches);
  });

  it('re-resolves a branch after the TTL, and the output cache notices that it moved', async () => {
    const dir = overlay('branch', 'main');
    const env = { ...counter.env, KFM_CACHE_DIR: join(root, 'c-branch') };
    expect((await kfm(['build', dir], env)).stdout).toContain('v: one');
    writeTree(app.work, { 'base/cm.yaml': cm('cm', 'two') });
    git(app.work, 'commit', '-qam', 'two');
    publish(app.work, app.bare);
    // Within the TTL the remembered commit is used; past it, the branch is asked for again.
    expect((await kfm(['build', dir], env)).stdout).toContain('v: one');
    const before = counter.calls().length;
    const moved = await kfm(['build', dir, '--remote-ttl', '0'], env);
    expect(moved.stdout).toContain('v: two');
    expect(counter.calls().slice(before)[0]).toMatch(/^ls-remote /);
    expect((await kfm(['build', dir], env)).stdout).toContain('v: two');
    // Unchanged branch past its TTL: one ls-remote, no fetch.
    const mark = counter.calls().length;
    expect((await kfm(['build', dir, '--no-cache'], { ...env, KFM_REMOTE_TTL: '0' })).stdout).toContain('v: two');
    expect(counter.calls().slice(mark).map((c) => c.split(' ')[0])).toEqual(['ls-remote']);
  });

  it('offline: builds from the cache, and a miss names the URL', async () => {
    const dir = overlay('offline', 'v1');
    const env = { KFM_CACHE_DIR: join(root, 'c-offline') };
    const miss = await kfm(['build', dir, '--offline'], env);
    expect(miss.code).toBe(1);
    expect(miss.stdout).toBe('');
    expect(miss.stderr).toMatch(/^Error: .*kustomization\.yaml: resources\[0\]: offline, and 'file:\/\/.*o1\?ref=v1' is not in the remote cache/);
    expect(miss.stderr.trim().split('\n')).toHaveLength(1);
    const online = await kfm(['build', dir, '--no-cache'], env);
    expect(await kfm(['build', dir, '--no-cache'], { ...env, KFM_OFFLINE: '1', PATH: '/nonexistent' })).toEqual(online);
  });

  it('concurrent first builds share one cache without damage', async () => {
    const dir = overlay('concurrent', 'v1', 3);
    const env = { KFM_CACHE_DIR: join(root, 'c-concurrent') };
    const runs = await Promise.all([1, 2, 3, 4].map(() => kfm(['build', dir, '--no-cache'], env)));
    for (const r of runs) expect(r).toEqual(runs[0]);
    expect(runs[0].code).toBe(0);
    expect(readdirSync(join(root, 'c-concurrent/remote/trees'))).toHaveLength(1);
    expect(readdirSync(join(root, 'c-concurrent/remote/tmp'))).toEqual([]);
  });

  it('a damaged record or a missing tree is fetched again', async () => {
    const dir = overlay('damaged', 'v1');
    const cache = join(root, 'c-damaged');
    const good = await kfm(['build', dir, '--no-cache'], { KFM_CACHE_DIR: cache });
    for (const f of readdirSync(join(cache, 'remote/refs'))) writeFileSync(join(cache, 'remote/refs', f), '{"value": 12');
    expect(await kfm(['build', dir, '--no-cache'], { KFM_CACHE_DIR: cache })).toEqual(good);
    rmSync(join(cache, 'remote/trees'), { recursive: true });
    expect(await kfm(['build', dir, '--no-cache'], { KFM_CACHE_DIR: cache })).toEqual(good);
  });

  it('the typed API counts its git calls; a second build makes none', () => {
    const dir = overlay('api', 'v1', 2);
    const stores: { git: { calls: number } }[] = [];
    const a = build(dir, { remote: { cacheDir: join(root, 'c-api') }, onRemote: (s) => stores.push(s) }).yaml();
    const b = build(dir, { remote: { cacheDir: join(root, 'c-api') }, onRemote: (s) => stores.push(s) }).yaml();
    expect(b).toBe(a);
    expect(stores[0].git.calls).toBeGreaterThan(0);
    expect(stores[1].git.calls).toBe(0);
  });
});
