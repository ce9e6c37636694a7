// Failures name the URL and what to do, in one line on stderr with nothing on stdout; a remote
// tree cannot read the user's files; a hung server does not hang the build.
import { describe, expect, it } from 'vitest';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { build, BuildError, memoryFileSystem } from '../../src/index.js';
import { cm, git, kfm, publish, useWorld, writeTree } from './support.js';

const w = useWorld(({ root, app }) => {
  writeTree(join(root, 'secret'), { 'kustomization.yaml': 'resources: [cm.yaml]\n', 'cm.yaml': cm('secret', 'private') });
  // Hostile remote kustomizations: reading a file of the user, a base outside the clone, a
  // file:// repository of this machine, a symbolic link out of the clone.
  writeTree(app.work, {
    'abs-file/kustomization.yaml': `resources: [${join(root, 'secret/cm.yaml')}]\n`,
    'up/kustomization.yaml': `resources: [${'../'.repeat(12)}${join(root, 'secret').slice(1)}]\n`,
    'local-repo/kustomization.yaml': `resources: ['file://${app.work}//base?ref=v1']\n`,
  });
  symlinkSync(join(root, 'secret'), join(app.work, 'link'));
  git(app.work, 'add', '-A');
  git(app.work, 'commit', '-qm', 'hostile');
  git(app.work, 'tag', 'hostile');
  publish(app.work, app.bare);
});

async function fails(name: string, entry: string, pattern: RegExp) {
  const { root } = w;
  const dir = join(root, name);
  writeTree(dir, { 'kustomization.yaml': `resources:\n- '${entry}'\n` });
  const r = await kfm(['build', dir, '--no-cache'], { KFM_CACHE_DIR: join(root, 'cache') });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Error: .*kustomization\.yaml: resources\[0\]: /);
  expect(lines[0]).toMatch(pattern);
}

describe.concurrent('remote failures', () => {
  const h = () => `http://127.0.0.1:${w.server.port}`;
  it('a bad ref', () => fails('bad-ref', `file://${w.app.bare}//o1?ref=nope`, /ref 'nope' was not found in 'file:\/\/.*app\.git'; check \?ref=/));
  it('a missing path in the repository', () => fails('no-path', `file://${w.app.bare}//nowhere?ref=v1`, /'nowhere' does not exist in 'file:\/\/.*' at 'v1'; check the path after '\/\/'/));
  it('a file where a folder is needed', () => fails('a-file', `file://${w.app.bare}//base/cm.yaml?ref=v1`, /is a file; a remote base is a folder/));
  it('an unreachable host', () => fails('unreachable', 'http://127.0.0.1:9/git/app.git//o1?ref=v1', /cannot reach 'http:\/\/127\.0\.0\.1:9\/git\/app\.git'/));
  it('no repository there', () => fails('not-repo', `file://${w.root}/nothing//o1`, /is not a git repository that can be fetched/));
  it('an authentication failure', () => fails('auth', `${h()}/auth/git/app.git//o1?ref=v1`, /authentication to '.*\/auth\/git\/app\.git' failed; set up git credentials/));
  it('a raw file that is missing', () => fails('raw-404', `${h()}/raw/missing.yaml`, /HTTP 404/));
  it('a hung server, within ?timeout=', async () => {
    const t = Date.now();
    await fails('hang', `${h()}/hang/app.git//o1?ref=v1&timeout=2`, /git took longer than 2s fetching '.*\/hang\/app\.git'/);
    expect(Date.now() - t).toBeLessThan(15_000);
  });
});

describe.concurrent('a remote tree is restricted to its own clone', () => {
  const r = () => `file://${w.app.bare}`;
  it('cannot read a file of the user by absolute path', () => fails('abs', `${r()}//abs-file?ref=hostile`, /outside the kustomization root .*; a remote kustomization may only read files inside its own folder/));
  it('cannot read a file beside its folder', () => fails('sneaky', `${r()}//sneaky?ref=hostile`, /outside the kustomization root .*; a remote kustomization may only read files inside its own folder/));
  it('cannot use a folder outside the repository', () => fails('up', `${r()}//up?ref=hostile`, /leads outside the remote repository/));
  it('cannot name a file:// repository', () => fails('file-repo', `${r()}//local-repo?ref=hostile`, /a remote tree may not read this machine's files/));
  it('cannot follow a symbolic link out of the clone', () => fails('link', `${r()}//link?ref=hostile`, /leads outside the repository/));
  it('refuses an absolute path to a local folder, as kustomize does', () => fails('abs-local', join(w.root, 'secret'), /absolute path to a folder/));
});

describe('in-memory trees', () => {
  it('builds a tree held in memory through the typed API', () => {
    const fs = memoryFileSystem({
      '/app/overlay/kustomization.yaml': 'resources: [../base]\nnamePrefix: mem-\nconfigMapGenerator:\n- name: gen\n  files: [data.txt]\n',
      '/app/overlay/data.txt': 'hello\n',
      '/app/base/kustomization.yaml': 'resources: [cm.yaml]\n',
      '/app/base/cm.yaml': cm('cm', 'memory'),
    });
    const out = build('/app/overlay', { fs }).yaml();
    expect(out).toContain('name: mem-cm');
    expect(out).toContain('v: memory');
    expect(out).toMatch(/name: mem-gen-[a-z0-9]{10}/);
    expect(() => build('/app/nowhere', { fs })).toThrow(BuildError);
    const escape = memoryFileSystem({ '/app/k/kustomization.yaml': 'resources: [../x.yaml]\n', '/app/x.yaml': cm('x', 'y') });
    expect(() => build('/app/k', { fs: escape })).toThrow(/outside the kustomization root/);
  });
});
