// Hostile input to `kfm build`: alias bombs, catastrophic patterns, deep nesting, endless and
// special files, links out of the root. Each case is refused (or built) quickly and cleanly.
import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expectRefusal, expectSuccess, FIX, kfm, tempDir } from './support.js';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';

/** A directory with a kustomization listing r.yaml, whose text is given. */
function withResource(text: string): string {
  const d = tempDir();
  writeFileSync(join(d, 'kustomization.yaml'), 'resources:\n- r.yaml\n');
  writeFileSync(join(d, 'r.yaml'), text);
  return d;
}

/** Nine levels of nine aliases under `indent`. */
function laughs(indent: string): string {
  let s = `${indent}a0: &a0 [x, x, x, x, x, x, x, x, x]\n`;
  for (let i = 1; i < 10; i++) s += `${indent}a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  return s;
}

describe('alias bombs', () => {
  it('in a kustomization: refused at once', () => {
    expectRefusal(kfm(['build', join(FIX, 'alias-bomb')], { heapMb: 128, timeoutMs: 20_000 }), 'excessive aliasing', 'kustomization.yaml');
  });

  it('in a resource (through << merge keys too): refused at once', () => {
    expectRefusal(kfm(['build', withResource(CM + 'data2:\n' + laughs('  '))], { heapMb: 128, timeoutMs: 20_000 }), 'excessive aliasing', 'r.yaml');
    const merges = CM + 'data2:\n  a0: &a0 {k: v}\n' +
      Array.from({ length: 9 }, (_, i) => `  a${i + 1}: &a${i + 1} {x: {<<: *a${i}}, y: {<<: *a${i}}, z: {<<: *a${i}}, w: {<<: *a${i}}, u: *a${i}, v: *a${i}}\n`).join('');
    expectRefusal(kfm(['build', withResource(merges)], { heapMb: 128, timeoutMs: 20_000 }), 'excessive aliasing');
  });

  it('a few repeated anchors still build', () => {
    const big = Array.from({ length: 200 }, (_, i) => `    k${i}: v\n`).join('');
    expectSuccess(kfm(['build', withResource(CM + 'data2:\n  big: &big\n' + big + '  c1: *big\n  c2: *big\n')]));
  });
});

describe('regular expressions', () => {
  it('a catastrophic target pattern runs in linear time', () => {
    const r = kfm(['build', join(FIX, 'target-re2')], { timeoutMs: 20_000 });
    expectSuccess(r);
    expect(r.stdout).toContain('RE2 flag syntax');
  });

  it('an invalid pattern is refused with Go\'s message', () => {
    const d = withResource(CM);
    writeFileSync(join(d, 'kustomization.yaml'), "resources:\n- r.yaml\npatches:\n- target:\n    name: 'a(?=b)'\n  patch: '[{\"op\": \"remove\", \"path\": \"/data\"}]'\n");
    expectRefusal(kfm(['build', d]), 'invalid or unsupported Perl syntax');
  });
});

describe('deep input', () => {
  it('a chain of 1,200 overlays builds', () => {
    const d = tempDir();
    mkdirSync(join(d, 'o0'));
    writeFileSync(join(d, 'o0/kustomization.yaml'), 'resources:\n- r.yaml\n');
    writeFileSync(join(d, 'o0/r.yaml'), CM);
    for (let i = 1; i <= 1200; i++) {
      mkdirSync(join(d, `o${i}`));
      writeFileSync(join(d, `o${i}/kustomization.yaml`), `resources:\n- ../o${i - 1}\n`);
    }
    const r = kfm(['build', join(d, 'o1200')], { timeoutMs: 60_000 });
    expectSuccess(r);
    expect(r.stdout).toBe(CM);
  });

  const nested = (n: number) => CM + `data2:\n  v: ${'['.repeat(n)}1${']'.repeat(n)}\n`;
  it('YAML nested as deep as the reference takes builds; one level more is refused', () => {
    const ok = kfm(['build', withResource(nested(9998))], { timeoutMs: 60_000 });
    expectSuccess(ok);
    expect(ok.stdout).toContain(`${'- '.repeat(9998)}1\n`);
    expectRefusal(kfm(['build', withResource(nested(9999))], { timeoutMs: 60_000 }), 'nesting deeper than 10000 levels', 'r.yaml');
  });
});

describe('files that are not plain files', () => {
  it('kustomization.yaml linked to /dev/zero: refused at once', () => {
    const d = tempDir();
    symlinkSync('/dev/zero', join(d, 'kustomization.yaml'));
    expectRefusal(kfm(['build', d], { heapMb: 128, timeoutMs: 20_000 }), 'outside the kustomization root');
    expectRefusal(kfm(['build', d, '--load-restrictor', 'LoadRestrictionsNone'], { heapMb: 128, timeoutMs: 20_000 }), 'not a regular file');
  });

  it('a FIFO as a resource: refused, not waited on', () => {
    const d = withResource(CM);
    writeFileSync(join(d, 'kustomization.yaml'), 'resources:\n- f.yaml\n');
    execFileSync('mkfifo', [join(d, 'f.yaml')]);
    expectRefusal(kfm(['build', d], { timeoutMs: 20_000 }), 'f.yaml', 'not a regular file');
  });

  it('a file over the size limit: refused, naming the limit', () => {
    const d = withResource(CM + 'data:\n  x: "' + 'a'.repeat(2 * 1024 * 1024) + '"\n');
    expectRefusal(kfm(['build', d], { env: { KFM_MAX_FILE_MB: '1' } }), 'r.yaml', 'KFM_MAX_FILE_MB');
  });

  it('a kustomization file linked from outside the root: refused as the load restrictor says', () => {
    expectRefusal(kfm(['build', join(FIX, 'kustomization-link-outside/root')]), 'outside the kustomization root', 'LoadRestrictionsNone');
  });
});

describe('bad text', () => {
  it('invalid UTF-8 fails naming the file', () => {
    expectRefusal(kfm(['build', join(FIX, 'invalid-utf8')]), 'r.yaml', 'UTF-8');
  });

  it('a duplicate key is named', () => {
    expectRefusal(kfm(['build', join(FIX, 'duplicate-key')]), "'shared-key'", 'r.yaml:8');
  });
});
