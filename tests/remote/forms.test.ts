// Every remote form the reference can fetch here gives the reference's output: file:// repositories,
// ssh (through a stand-in for ssh), git's smart HTTP and raw files from a server on 127.0.0.1.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { HAVE_REFERENCE, cm, fakeSsh, git, kfm, reference, useWorld, writeTree } from './support.js';

const w = useWorld(({ root, app }) => {
  // An Azure-style `_git/NAME` repository.
  git(root, 'clone', '-q', '--bare', app.work, join(root, 'srv/git/_git/azure.git'));
  writeTree(join(root, 'srv/raw'), { 'files/raw.yaml': cm('raw', 'from-http') });
});

/** Builds `kustomization` with kfm (fresh cache) and the reference; both must agree. */
async function same(name: string, kustomization: string, env: Record<string, string> = {}) {
  const { root } = w;
  const dir = join(root, name);
  writeTree(dir, { 'kustomization.yaml': kustomization });
  const [ours, theirs] = await Promise.all([
    kfm(['build', dir, '--no-cache'], { KFM_CACHE_DIR: join(root, `cache-${name}`), ...env }),
    HAVE_REFERENCE ? reference(dir, env) : undefined,
  ]);
  expect(ours.stderr.replace(/^Warning: the 'git::'.*\n/m, '')).toBe('');
  expect(ours.code).toBe(0);
  if (theirs) {
    expect(theirs.code).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
  }
  return ours;
}

// Each comparison waits for the reference's own clones (one per entry): allow for a busy machine.
describe('remote forms, as the reference builds them', { timeout: 180_000 }, () => {
  it('file:// repositories: tag, version, branch, commit id, HEAD, .git and // forms, query options, a component', async () => {
    const { app } = w;
    const r = `file://${app.work}`;
    const bare = `file://${app.bare}`;
    const out = await same('file', [
      'resources:',
      `- ${r}//o1?ref=v1`,
      `- ${r}//o2?version=v1`,
      `- ${r}//o3?ref=main`,
      `- ${r}//o4?ref=${app.v1}`,
      `- ${r}//o5`,
      `- ${bare}/o6?ref=v1`,
      `- ${bare}//o7?ref=v1&timeout=20&submodules=false`,
      'components:',
      `- ${r}//comp?ref=v1`,
      '',
    ].join('\n'));
    for (let i = 1; i <= 7; i++) expect(out.stdout).toContain(`name: o${i}-cm`);
    expect(out.stdout).toContain('from: component');
  });

  it("the deprecated 'git::' prefix is accepted with a warning", async () => {
    const dir = join(w.root, 'forced');
    writeTree(dir, { 'kustomization.yaml': `resources:\n- git::file://${w.app.work}//o1?ref=v1\n` });
    const r = await kfm(['build', dir, '--no-cache'], { KFM_CACHE_DIR: join(w.root, 'cache-forced') });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Warning: the 'git::' prefix of 'git::file:.*' is deprecated/);
  });

  it('ssh:// and scp-style addresses (git@host:org/repo), through ssh', async () => {
    await same('ssh', [
      'resources:',
      '- ssh://git@example.test/git/app.git//o1?ref=v1',
      '- git@example.test:git/app.git//o2?ref=v1',
      '- git@example.test:git/app.git/o3?ref=main',
      '',
    ].join('\n'), fakeSsh(w.root, join(w.root, 'srv')));
  });

  it("git's smart HTTP: .git and // forms, a path without .git, _git/NAME, a remote component", async () => {
    const h = `http://127.0.0.1:${w.server.port}/git`;
    await same('http', [
      'resources:',
      `- ${h}/app.git//o1?ref=v1`,
      `- ${h}/app//o2?ref=v1`,
      `- ${h}/app.git/o3?ref=main`,
      `- ${h}/_git/azure/o4?ref=v1`,
      'components:',
      `- ${h}/app.git//comp?ref=v1`,
      '',
    ].join('\n'));
  });

  it('raw resource files over HTTP', async () => {
    const out = await same('raw', `resources:\n- http://127.0.0.1:${w.server.port}/raw/files/raw.yaml\nnamePrefix: p-\n`);
    expect(out.stdout).toContain('name: p-raw');
  });
});
