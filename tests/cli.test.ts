// The kfm command as a user runs it: a real `node bin/kfm.js` process (compiled dist/, so run
// `npx tsc -p .` first; `npm test` does). Output, exit codes, files written, warnings and help.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: plain ESM helper shared with the refresh script
import { haveReference, runReference } from '../scripts/reference.mjs';

const REPO = new URL('..', import.meta.url).pathname;
const FIX = join(REPO, 'tests/fixtures');
const BIN = join(REPO, 'bin/kfm.js');

function kfm(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'kfm-cli-'));
}

/** A failed run as users must see it: exit 1, nothing on stdout, one clear message, no stack. */
function expectCleanFailure(r: { code: number; stdout: string; stderr: string }, ...mentions: string[]): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^(# Warning: .*\n)*Error: /);
  expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  for (const m of mentions) expect(r.stderr).toContain(m);
}

describe('kfm build', () => {
  it('prints the build on stdout, byte for byte as the golden file', () => {
    const dir = join(FIX, 'transformers/common-labels');
    const r = kfm('build', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(dir, 'expected.yaml'), 'utf8'));
  });

  it('builds the current directory when no directory is given', () => {
    const dir = join(FIX, 'loading/many-documents');
    const r = spawnSync(process.execPath, [BIN, 'build'], { encoding: 'utf8', cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(dir, 'expected.yaml'), 'utf8'));
  });

  const failing: [string, string[]][] = [
    ['loading/unknown-field', ['kustomization.yaml', 'namePrefx']],
    ['loading/missing-file', ['kustomization.yaml', 'resources[1]', 'nope.yaml']],
    ['loading/duplicate-id', ['a.yaml', 'b.yaml', 'cfg']],
    ['loading/cycle', ['cycle', 'kustomization.yaml']],
    ['loading/bad-yaml', ['bad.yaml:5:']],
    ['errors/wrong-type-prefix', ['kustomization.yaml', 'namePrefix', 'expected a string']],
    ['errors/replicas-wrong-kind', ['kustomization.yaml', 'replicas[0]']],
    ['errors/infinity', ['r.yaml', 'data.inf']],
    ['errors/images-containers-not-list', ['r.yaml', 'spec/containers']],
  ];
  for (const [fixture, mentions] of failing) {
    it(`fails cleanly on ${fixture}`, () => expectCleanFailure(kfm('build', join(FIX, fixture)), ...mentions));
  }

  it('fails cleanly on a directory that does not exist', () => {
    expectCleanFailure(kfm('build', join(FIX, 'no/such/dir')), 'no/such/dir');
  });

  it('fails cleanly on a file given as the directory', () => {
    expectCleanFailure(kfm('build', join(FIX, 'loading/many-documents/many.yaml')), 'many.yaml', 'directory');
  });

  it('fails cleanly on a bad flag value, naming the choices', () => {
    const r = kfm('build', join(FIX, 'loading/many-documents'), '--load-restrictor', 'Nope');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('LoadRestrictionsNone');
  });
});

describe('--load-restrictor', () => {
  const root = join(FIX, 'loading/outside-root-allowed/root');
  it('refuses a file outside the root by default, naming the flag that allows it', () => {
    expectCleanFailure(kfm('build', root), 'kustomization.yaml', 'resources[0]', '--load-restrictor LoadRestrictionsNone');
  });
  it('reads it with LoadRestrictionsNone', () => {
    const r = kfm('build', root, '--load-restrictor', 'LoadRestrictionsNone');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(FIX, 'loading/outside-root-allowed/expected.yaml'), 'utf8'));
  });
  it('accepts LoadRestrictionsRootOnly explicitly', () => {
    expectCleanFailure(kfm('build', root, '--load-restrictor', 'LoadRestrictionsRootOnly'), 'resources[0]');
  });
});

describe('-o', () => {
  it('-o FILE writes the build to the file and nothing to stdout', () => {
    const dir = join(FIX, 'transformers/name-prefix');
    const out = join(tempDir(), 'out.yaml');
    const r = kfm('build', dir, '-o', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(dir, 'expected.yaml'), 'utf8'));
  });

  it('a failed build with -o FILE writes no file', () => {
    const out = join(tempDir(), 'out.yaml');
    expectCleanFailure(kfm('build', join(FIX, 'loading/unknown-field'), '-o', out), 'namePrefx');
    expect(existsSync(out)).toBe(false);
  });

  it('-o DIR writes one file per resource whose contents make up the build', () => {
    const dir = join(FIX, 'loading/same-name-other-namespace');
    const out = tempDir();
    const r = kfm('build', dir, '--output', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const files = readdirSync(out).sort();
    const docs = readFileSync(join(dir, 'expected.yaml'), 'utf8').split(/^---\n/m);
    expect(files.length).toBe(docs.length);
    const written = files.map((f) => readFileSync(join(out, f), 'utf8')).sort();
    expect(written).toEqual([...docs].sort());
    // Several namespaces: every namespaced resource's file starts with its namespace.
    expect(files.every((f) => /^(default|x|y)_v1_configmap_cfg\.yaml$/.test(f))).toBe(true);
  });

  describe.runIf(haveReference())('-o DIR names files as the reference does', () => {
    for (const fixture of ['transformers/replicas', 'loading/same-name-other-namespace', 'sort/legacy-default']) {
      it(fixture, () => {
        const dir = join(FIX, fixture);
        const ours = tempDir();
        const theirs = tempDir();
        expect(kfm('build', dir, '-o', ours).code).toBe(0);
        expect(runReference(dir, ['-o', theirs]).code).toBe(0);
        const names = readdirSync(theirs).sort();
        expect(readdirSync(ours).sort()).toEqual(names);
        for (const n of names) expect(readFileSync(join(ours, n), 'utf8'), n).toBe(readFileSync(join(theirs, n), 'utf8'));
        rmSync(ours, { recursive: true });
        rmSync(theirs, { recursive: true });
      });
    }
  });
});

describe('warnings', () => {
  const legacy: [string, string][] = [
    ['loading/legacy-bases', "# Warning: 'bases' is deprecated. Please use 'resources' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n"],
    ['transformers/common-labels', "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n"],
    ['transformers/images-legacy-imagetags', "# Warning: 'imageTags' is deprecated. Please use 'images' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n"],
  ];
  for (const [fixture, warning] of legacy) {
    it(`${fixture}: kustomize's deprecation warning on stderr, the build on stdout`, () => {
      const dir = join(FIX, fixture);
      const r = kfm('build', dir);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(warning);
      expect(r.stdout).toBe(readFileSync(join(dir, 'expected.yaml'), 'utf8'));
      if (haveReference()) expect(runReference(dir).stderr).toBe(warning);
    });
  }
});

describe('version and help', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  it('kfm version prints the kustomize version it matches, then the package version', () => {
    const r = kfm('version');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`v5.7.1 (kfm ${pkg.version})\n`);
  });
  it('kfm --version prints the bare version', () => {
    expect(kfm('--version').stdout.trim()).toBe(pkg.version);
  });
  it('--help names the commands, the flags and shows examples', () => {
    const r = kfm('--help');
    expect(r.code).toBe(0);
    for (const s of ['Usage: kfm', 'build', 'version', 'Examples:', 'kfm build example']) expect(r.stdout).toContain(s);
    const b = kfm('build', '--help');
    expect(b.code).toBe(0);
    for (const s of ['-o, --output <path>', '--load-restrictor', 'LoadRestrictionsNone', 'directory']) expect(b.stdout).toContain(s);
    for (const line of (r.stdout + b.stdout).split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
  it('an unknown command fails with exit 1 and a hint', () => {
    const r = kfm('bogus');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("unknown command 'bogus'");
  });
});
