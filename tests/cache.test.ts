// The output cache: a repeated build with unchanged inputs is answered from the cache, and any
// change to what the build read (a file's content, a new kustomization file) makes it build again.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync, cpSync, symlinkSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BIN, cacheTree as tree, kfmWithCache as kfm, REPO } from './support.js';

describe('output cache', () => {
  it('answers a repeated build from the cache, warnings included', () => {
    const t = tree();
    const first = kfm(t.cache, 'build', t.dir);
    expect(first.code).toBe(0);
    expect(readdirSync(t.cache).filter((f) => f.endsWith('.entry'))).toHaveLength(1);
    const second = kfm(t.cache, 'build', t.dir);
    expect(second).toEqual(first);
    expect(second.stderr).toContain("'commonLabels' is deprecated");
    // An entry edited by hand (inputs unchanged) fails its integrity check: the build runs again.
    const entry = join(t.cache, readdirSync(t.cache)[0]);
    const text = readFileSync(entry, 'utf8');
    expect(text.endsWith(first.stdout)).toBe(true);
    writeFileSync(entry, text.replace(/\n[^]*$/, '\nfrom the cache\n'));
    expect(kfm(t.cache, 'build', t.dir).stdout).toBe(first.stdout);
    // So is one cut short.
    writeFileSync(entry, text.slice(0, -10));
    expect(kfm(t.cache, 'build', t.dir).stdout).toBe(first.stdout);
  });

  it('builds again when a file the build read changes', () => {
    const t = tree();
    const before = kfm(t.cache, 'build', t.dir).stdout;
    appendFileSync(join(t.dir, 'data.txt'), 'two\n');
    const after = kfm(t.cache, 'build', t.dir);
    expect(after.code).toBe(0);
    expect(after.stdout).not.toBe(before);
    expect(after.stdout).toContain('two');
    expect(after.stdout).toBe(kfm(t.cache, 'build', t.dir, '--no-cache').stdout);
  });

  it('builds again (and fails) when a second kustomization file appears', () => {
    const t = tree();
    expect(kfm(t.cache, 'build', t.dir).code).toBe(0);
    writeFileSync(join(t.dir, 'kustomization.yml'), 'resources: []\n');
    const r = kfm(t.cache, 'build', t.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('multiple kustomization files');
  });

  it('is left alone with --no-cache, and off with KFM_CACHE=off', () => {
    const t = tree();
    expect(kfm(t.cache, 'build', t.dir, '--no-cache').code).toBe(0);
    expect(existsSync(t.cache)).toBe(false);
    const off = spawnSync(process.execPath, [BIN, 'build', t.dir], {
      encoding: 'utf8', env: { ...process.env, KFM_CACHE_DIR: t.cache, KFM_CACHE: 'off' },
    });
    expect(off.status).toBe(0);
    expect(existsSync(t.cache)).toBe(false);
  });

  it('never answers from an entry another build of kfm wrote', () => {
    // A copy of kfm whose renderer is then changed and compiled again (its build id rewritten).
    const t = tree();
    const copy = mkdtempSync(join(tmpdir(), 'kfm-copy-'));
    for (const d of ['bin', 'dist', 'scripts']) cpSync(join(REPO, d), join(copy, d), { recursive: true });
    cpSync(join(REPO, 'package.json'), join(copy, 'package.json'));
    symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const run = () => spawnSync(process.execPath, [join(copy, 'bin/kfm.js'), 'build', t.dir], {
      encoding: 'utf8', env: { ...process.env, KFM_CACHE_DIR: t.cache, KFM_CACHE: '' },
    });
    const before = run();
    expect(before.status).toBe(0);
    // The changed renderer prints its output after a comment line.
    // (In the compiled module, and in the bundle the command loads when there is one.)
    for (const f of ['dist/cli/main.js', 'dist/cli/main.bundle.cjs'].map((p) => join(copy, p)).filter(existsSync)) {
      writeFileSync(f, readFileSync(f, 'utf8').replace('writeStdout(out)', "writeStdout('# changed\\n' + out)"));
    }
    expect(spawnSync(process.execPath, [join(copy, 'scripts/build-id.mjs'), join(copy, 'dist')]).status).toBe(0);
    const after = run();
    expect(after.status).toBe(0);
    expect(after.stdout).toBe('# changed\n' + before.stdout);
    expect(readdirSync(t.cache).filter((f) => f.endsWith('.entry'))).toHaveLength(2);
    // Nor from the parse entries it wrote: the same files are parsed again under the new id.
    expect(readdirSync(join(t.cache, 'parse'))).toHaveLength(4);
  });
});

describe('output cache: a damaged cache folder', () => {
  it('builds when FIFOs stand where the entries were, without waiting on them', () => {
    const t = tree();
    const first = kfm(t.cache, 'build', t.dir);
    const entries = [
      join(t.cache, readdirSync(t.cache).find((f) => f.endsWith('.entry'))!),
      ...readdirSync(join(t.cache, 'parse')).map((f) => join(t.cache, 'parse', f)),
    ];
    expect(entries.length).toBeGreaterThan(1);
    for (const e of entries) {
      rmSync(e);
      expect(spawnSync('mkfifo', [e]).status).toBe(0);
    }
    // A bound of its own: a run that waited on the FIFO would otherwise hold the whole suite.
    const r = spawnSync(process.execPath, [BIN, 'build', t.dir], {
      encoding: 'utf8', timeout: 30_000, env: { ...process.env, KFM_CACHE_DIR: t.cache, KFM_CACHE: '' },
    });
    expect(r.signal).toBe(null);
    expect(r).toMatchObject({ status: 0, stdout: first.stdout });
  });
});

describe('output cache: an input replaced by a FIFO', () => {
  it('checks the cached entry without waiting on it, and the build refuses it', () => {
    const t = tree();
    expect(kfm(t.cache, 'build', t.dir).code).toBe(0);
    rmSync(join(t.dir, 'cm.yaml'));
    expect(spawnSync('mkfifo', [join(t.dir, 'cm.yaml')]).status).toBe(0);
    // A bound of its own: a check that waited on the FIFO would otherwise hold the whole suite.
    const r = spawnSync(process.execPath, [BIN, 'build', t.dir], {
      encoding: 'utf8', timeout: 30_000, env: { ...process.env, KFM_CACHE_DIR: t.cache, KFM_CACHE: '' },
    });
    expect(r.signal).toBe(null);
    expect(r).toMatchObject({ status: 1, stdout: '' });
    expect(r.stderr).toContain('not a regular file');
  });
});

describe('output cache: a file changed without a new size or time', () => {
  it('is read again when it changed just now', () => {
    // The same size and a restored modification time still make the build read it again.
    const t = tree();
    const cm = join(t.dir, 'cm.yaml');
    const first = kfm(t.cache, 'build', t.dir);
    const st = statSync(cm);
    writeFileSync(cm, readFileSync(cm, 'utf8').replace('a: "1"', 'a: "2"'));
    utimesSync(cm, st.atime, st.mtime);
    const after = kfm(t.cache, 'build', t.dir);
    expect(after.stdout).not.toBe(first.stdout);
    expect(after.stdout).toContain('a: "2"');
  });

  it('is read again however long ago it last changed', () => {
    // Dated an hour back, then edited with size and time kept: a hit checks content, not stat.
    const t = tree();
    const cm = join(t.dir, 'cm.yaml');
    const old = new Date(Date.now() - 3600_000);
    utimesSync(cm, old, old);
    const first = kfm(t.cache, 'build', t.dir);
    writeFileSync(cm, readFileSync(cm, 'utf8').replace('a: "1"', 'a: "2"'));
    utimesSync(cm, old, old);
    const after = kfm(t.cache, 'build', t.dir);
    expect(after.stdout).not.toBe(first.stdout);
    expect(after.stdout).toContain('a: "2"');
  });
});
