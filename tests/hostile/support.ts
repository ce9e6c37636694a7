// Running the kfm command as a child process against hostile input: a bounded time (the child is
// killed past it, and the test fails), optionally a bounded heap, and the checks every refusal
// must pass (exit 1, nothing on stdout, one line on stderr, no stack trace).
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

export const REPO = new URL('../..', import.meta.url).pathname;
export const BIN = join(REPO, 'bin/kfm.js');
export const FIX = join(REPO, 'tests/fixtures/hostile');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** Runs `kfm ARGS` with a time limit and, when given, a heap limit in MiB. */
export function kfm(args: string[], opts: { timeoutMs?: number; heapMb?: number; env?: NodeJS.ProcessEnv; stdio?: SpawnSyncOptions['stdio']; cwd?: string } = {}): Run {
  const node = opts.heapMb ? [`--max-old-space-size=${opts.heapMb}`] : [];
  const t = Date.now();
  const r = spawnSync(process.execPath, [...node, BIN, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd ?? REPO,
    timeout: opts.timeoutMs ?? 30_000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, KFM_CACHE: 'off', ...opts.env },
    stdio: opts.stdio,
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - t, timedOut };
}

/** A refusal as users must see it: exit 1, nothing on stdout, one clear line, no stack trace. */
export function expectRefusal(r: Run, ...mentions: string[]): void {
  expect(r.timedOut, 'the command ran past its time limit').toBe(false);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^Error: [^\n]+\n$/);
  expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  for (const m of mentions) expect(r.stderr).toContain(m);
  expect(r.code).toBe(1);
}

/** A success within its limits. */
export function expectSuccess(r: Run): void {
  expect(r.timedOut, 'the command ran past its time limit').toBe(false);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'kfm-hostile-'));
}
