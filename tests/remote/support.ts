// Shared by the remote tests: git repositories made on the spot, a local HTTP server (git smart
// HTTP and raw files) on 127.0.0.1, a stand-in for ssh, and runners for kfm and the reference.
import { afterAll, beforeAll } from 'vitest';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const HERE = dirname(new URL(import.meta.url).pathname);
const BIN = join(HERE, '../../bin/kfm.js');
export const REFERENCE = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
export const HAVE_REFERENCE = existsSync(REFERENCE);
if (!HAVE_REFERENCE) console.warn(`remote tests: the reference ${REFERENCE} is absent; comparisons with it are skipped`);

/** Writes `files` (relative path -> content) under `dir`. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.test', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' }).trim();
}

export const cm = (name: string, v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  v: ${v}\n`;

/** A scratch folder for one test file. */
export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'kfm-remote-'));
}

/**
 * A repository `app` (work tree at ROOT/app, bare copy at ROOT/srv/git/app.git) with a base,
 * overlays o1..o9 of it (each with its own name prefix), a component, tag v1 and branch main.
 */
export function makeApp(root: string): { work: string; bare: string; v1: string } {
  const work = join(root, 'app');
  const files: Record<string, string> = {
    'base/kustomization.yaml': 'resources: [cm.yaml]\n',
    'base/cm.yaml': cm('cm', 'one'),
    'comp/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonAnnotations: {from: component}\n',
    'sneaky/kustomization.yaml': 'resources: [../base/cm.yaml]\n',
  };
  for (let i = 1; i <= 9; i++) files[`o${i}/kustomization.yaml`] = `resources: [../base]\nnamePrefix: o${i}-\n`;
  writeTree(work, files);
  git(root, 'init', '-q', '-b', 'main', work);
  git(work, 'add', '-A');
  git(work, 'commit', '-qm', 'one');
  git(work, 'tag', 'v1');
  const v1 = git(work, 'rev-parse', 'HEAD');
  const bare = join(root, 'srv/git/app.git');
  mkdirSync(dirname(bare), { recursive: true });
  git(root, 'clone', '-q', '--bare', work, bare);
  return { work, bare, v1 };
}

/** Pushes the work tree's main to the bare copy. */
export function publish(work: string, bare: string): void {
  git(work, 'push', '-q', '--force', bare, 'main', '--tags');
}

/** The local HTTP server (tests/remote/server.mjs) in its own process. */
export async function startServer(gitRoot: string, rawRoot: string): Promise<{ port: number; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [join(HERE, 'server.mjs'), gitRoot, rawRoot], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    proc.once('exit', (c) => reject(new Error(`test server exited (${c})`)));
  });
  return { port, proc };
}

/** A stand-in for ssh that serves repositories under `root` (GIT_SSH_COMMAND). */
export function fakeSsh(dir: string, root: string): Record<string, string> {
  const script = join(dir, 'fake-ssh');
  writeFileSync(script, [
    '#!/bin/sh',
    '# Runs the git command ssh would run remotely, against repositories under $FAKE_SSH_ROOT.',
    'for last; do :; done',
    `cmd=$(printf '%s' "$last" | sed -e "s#'/*#'$FAKE_SSH_ROOT/#")`,
    'exec sh -c "$cmd"',
    '',
  ].join('\n'));
  chmodSync(script, 0o755);
  return { GIT_SSH_COMMAND: script, FAKE_SSH_ROOT: root };
}

/** A `git` first on PATH that logs each call to `log`, then runs the real one. */
export function countingGit(dir: string): { env: Record<string, string>; calls: () => string[] } {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const log = join(dir, 'git-calls.log');
  writeFileSync(log, '');
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  return {
    env: { PATH: `${bin}:${process.env.PATH}` },
    calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
  };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the kfm CLI (asynchronously, so the test server in this process could answer too). */
export function kfm(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<Run> {
  return runAsync(process.execPath, [BIN, ...args], env, cwd);
}

/** Runs `kustomize build DIR` of the reference. */
export function reference(dir: string, env: Record<string, string> = {}): Promise<Run> {
  return runAsync(REFERENCE, ['kustomize', dir], env);
}

function runAsync(cmd: string, args: string[], env: Record<string, string>, cwd?: string): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd, env: { ...process.env, KFM_CACHE: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The reference, synchronously (for a tree that needs no test server). */
export function referenceSync(dir: string, env: Record<string, string> = {}): Run {
  const r = spawnSync(REFERENCE, ['kustomize', dir], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** What a test file works with: a scratch folder, the `app` repository and the local server. */
export interface World {
  root: string;
  app: ReturnType<typeof makeApp>;
  server: { port: number; proc: ChildProcess };
}

/**
 * Sets up a {@link World} before the file's tests (`prepare` may add repositories and files before
 * the server starts) and stops the server after them.
 */
export function useWorld(prepare?: (w: World) => void): World {
  const w = {} as World;
  beforeAll(async () => {
    w.root = scratch();
    w.app = makeApp(w.root);
    prepare?.(w);
    w.server = await startServer(join(w.root, 'srv/git'), join(w.root, 'srv/raw'));
  });
  afterAll(() => w.server?.proc.kill());
  return w;
}
