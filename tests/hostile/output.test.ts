// Where the output goes wrong: a reader that closes early, a full disk, -o paths that do not
// exist, resource names that would leave the output directory.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, REPO, expectRefusal, kfm, tempDir } from './support.js';

const EXAMPLE = join(REPO, 'tests/fixtures/hostile/proto-patch');

describe('output errors', () => {
  it('a reader that closes the pipe early: a quiet exit', async () => {
    const child = spawn(process.execPath, [BIN, 'build', join(REPO, 'example')], { env: { ...process.env, KFM_CACHE: 'off' } });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((res) => child.on('close', res));
    // Deprecation warnings are the build's own; nothing else may be said.
    expect(stderr.replace(/^# Warning: .*\n/gm, '')).toBe('');
    expect(code).toBe(0);
  }, 60_000);

  it('a full disk: one line naming the problem', () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = kfm(['build', EXAMPLE], { stdio: ['ignore', fd, 'pipe'] });
      expectRefusal(r, 'no space left on device');
    } finally {
      closeSync(fd);
    }
  });

  it('-o into a directory that does not exist: the user\'s path, nothing left behind', () => {
    const d = tempDir();
    expectRefusal(kfm(['build', EXAMPLE, '-o', join(d, 'newdir/')]), join(d, 'newdir/'), 'does not exist');
    expectRefusal(kfm(['build', EXAMPLE, '-o', join(d, 'newdir/out.yaml')]), join(d, 'newdir/out.yaml'));
    expect(readdirSync(d)).toEqual([]);
  });

  it('-o onto a path it cannot write: the user\'s path, no staging file left', () => {
    const d = tempDir();
    const r = kfm(['build', EXAMPLE, '-o', join(d, 'x.yaml/')]);
    expectRefusal(r, join(d, 'x.yaml/'));
    writeFileSync(join(d, 'x.yaml'), 'keep\n');
    expectRefusal(kfm(['build', EXAMPLE, '-o', join(d, 'x.yaml', 'y.yaml')]), join(d, 'x.yaml', 'y.yaml'));
    expect(readdirSync(d)).toEqual(['x.yaml']);
  });

  it('a resource name never leads a file out of the -o directory', () => {
    const d = tempDir();
    writeFileSync(join(d, 'kustomization.yaml'), 'resources:\n- r.yaml\n');
    writeFileSync(join(d, 'r.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: /../../x\n');
    const out = join(d, 'out', 'deep');
    mkdirSync(out, { recursive: true });
    expectRefusal(kfm(['build', d, '-o', out + '/']), 'path separator');
    expect(readdirSync(out)).toEqual([]);
    expect(existsSync(join(d, 'x.yaml'))).toBe(false);
  });
});
