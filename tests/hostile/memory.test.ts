// A secretGenerator over a large file is hashed, encoded and written without per-character copies:
// it builds within a small heap, as the reference does in a fraction of its memory.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectSuccess, kfm, tempDir } from './support.js';

describe('memory', () => {
  it('a 16 MB secretGenerator file builds in a 160 MB heap', () => {
    const d = tempDir();
    writeFileSync(join(d, 'blob.bin'), randomBytes(16 * 1024 * 1024));
    writeFileSync(join(d, 'kustomization.yaml'), 'secretGenerator:\n- name: s\n  files:\n  - blob.bin\n');
    const r = kfm(['build', d], { heapMb: 160, timeoutMs: 60_000 });
    expectSuccess(r);
    expect(r.stdout.length).toBeGreaterThan(16 * 1024 * 1024 * 4 / 3);
  });
});
