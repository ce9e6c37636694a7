// kfm localize: the copy has no remote reference left, and builds like the original, with kfm
// offline and with the reference.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HAVE_REFERENCE, cm, kfm, reference, useWorld, writeTree } from './support.js';

const w = useWorld(({ root }) => writeTree(join(root, 'srv/raw'), { 'raw.yaml': cm('raw', 'over-http') }));

describe('kfm localize', () => {
  it('writes a copy that builds offline, identically with kfm and with the reference', async () => {
    const { root, app, server } = w;
    const h = `http://127.0.0.1:${server.port}`;
    const dir = join(root, 'tree');
    writeTree(dir, {
      'kustomization.yaml': [
        '# my overlay',
        'resources:',
        `- ${h}/git/app.git//o1?ref=v1   # a remote base`,
        `- "${h}/raw/raw.yaml"`,
        '- local',
        'components:',
        `- file://${app.work}//comp?ref=main`,
        'configMapGenerator:',
        '- name: gen',
        '  files: [data.txt]',
        '',
      ].join('\n'),
      'data.txt': 'local data\n',
      'local/kustomization.yaml': `bases:\n- file://${app.bare}//o2?ref=${app.v1}\n`,
      'unused.txt': 'not read by the build\n',
    });
    const env = { KFM_CACHE_DIR: join(root, 'cache') };
    const dest = join(root, 'copy');
    const loc = await kfm(['localize', dir, dest], env);
    expect(loc.stderr).toContain(`localized ${dir} into ${dest}`);
    expect(loc.code).toBe(0);
    const top = readFileSync(join(dest, 'kustomization.yaml'), 'utf8');
    expect(top).not.toMatch(/http:|file:/);
    expect(top).toContain('# my overlay');
    expect(readFileSync(join(dest, 'local/kustomization.yaml'), 'utf8')).not.toContain('file:');
    expect(existsSync(join(dest, 'unused.txt'))).toBe(false);

    const original = await kfm(['build', dir, '--no-cache'], env);
    expect(original.code).toBe(0);
    const copy = await kfm(['build', dest, '--no-cache', '--offline'], { KFM_CACHE_DIR: join(root, 'empty-cache'), PATH: '/nonexistent' });
    expect(copy.stdout).toBe(original.stdout);
    if (HAVE_REFERENCE) {
      const [a, b] = await Promise.all([reference(dir), reference(dest)]);
      expect(a.code).toBe(0);
      expect(b.stdout).toBe(a.stdout);
      expect(b.stdout).toBe(original.stdout);
    }
    const again = await kfm(['localize', dir, dest], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('refuses a tree that reads files beside its folder', async () => {
    const { root } = w;
    const dir = join(root, 'leaky');
    writeTree(join(root, 'beside'), { 'kustomization.yaml': 'resources: [cm.yaml]\n', 'cm.yaml': cm('beside', 'x') });
    writeTree(dir, { 'kustomization.yaml': 'resources: [../beside]\n' });
    expect((await kfm(['build', dir, '--no-cache'])).code).toBe(0);
    const r = await kfm(['localize', dir, join(root, 'leaky-copy')], { KFM_CACHE_DIR: join(root, 'cache') });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Error: '.*beside\/kustomization\.yaml' is outside '.*leaky'; kfm localize copies one folder/);
    expect(existsSync(join(root, 'leaky-copy'))).toBe(false);
  });
});
