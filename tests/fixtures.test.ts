// Every fixture under tests/fixtures builds byte for byte as the reference did (expected.yaml), or
// fails as a user error when the reference failed (error.txt), with kfm's own clear message
// (kfm-error.txt lists substrings it must contain).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
// @ts-expect-error: plain ESM helper shared with the refresh script
import { listFixtures } from '../scripts/fixtures.mjs';
// @ts-expect-error: plain ESM helper shared with the refresh script
import { haveReference, runReference } from '../scripts/reference.mjs';
import { kfmBuild } from './support.js';

interface Fixture {
  id: string; dir: string; root: string; args: string[]; handWritten: boolean;
  expected: string; error: string; kfmError: string;
}
const fixtures = listFixtures() as Fixture[];

describe('fixtures', () => {
  it('are there, each with a golden file', () => {
    expect(fixtures.length).toBeGreaterThan(0);
    for (const f of fixtures) expect(existsSync(f.expected) || existsSync(f.error), f.id).toBe(true);
  });
  for (const f of fixtures) {
    it(f.id, () => {
      const got = kfmBuild(f.root, f.args);
      if (existsSync(f.expected)) {
        expect(got.error, 'kfm failed').toBeUndefined();
        expect(got.yaml).toBe(readFileSync(f.expected, 'utf8'));
      } else {
        expect(got.yaml, 'kfm built what the reference refuses').toBeUndefined();
        expect(got.error).toBeTruthy();
        if (existsSync(f.kfmError)) {
          for (const line of readFileSync(f.kfmError, 'utf8').split('\n').filter(Boolean)) {
            expect(got.error).toContain(line);
          }
        }
      }
    });
  }
});

describe.runIf(haveReference())('golden files are current (reference present)', () => {
  for (const f of fixtures.filter((x) => !x.handWritten)) {
    it(f.id, () => {
      const r = runReference(f.root, f.args);
      if (r.code === 0) expect(r.stdout).toBe(readFileSync(f.expected, 'utf8'));
      else expect(existsSync(f.error), 'reference fails but fixture expects output').toBe(true);
    });
  }
});

describe('known-differences ledger', () => {
  it('lists every fixture whose expectation is hand-written for 5.7.1', () => {
    const ledger = readFileSync(new URL('../KNOWN-DIFFERENCES.md', import.meta.url), 'utf8');
    const handWritten = fixtures.filter((f) => f.handWritten).map((f) => f.id);
    expect(handWritten.length).toBeGreaterThan(0);
    expect(handWritten.filter((id) => !ledger.includes(`\`${id}\``))).toEqual([]);
  });
});
