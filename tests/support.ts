// Shared by the tests: running kfm in-process the way the CLI does.
import { build, BuildError, YamlSyntaxError } from '../src/index.js';
import type { LoadRestrictor } from '../src/build/trace.js';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Builds `dir` with CLI-style args; returns the YAML, or the error message of a user error. */
export function kfmBuild(dir: string, args: string[] = []): { yaml?: string; error?: string; warnings: string[] } {
  const warnings: string[] = [];
  const i = args.indexOf('--load-restrictor');
  const loadRestrictor = i >= 0 ? (args[i + 1] as LoadRestrictor) : undefined;
  try {
    return { yaml: build(dir, { loadRestrictor, onWarning: (w) => warnings.push(w) }).yaml(), warnings };
  } catch (e) {
    if (e instanceof BuildError || e instanceof YamlSyntaxError) return { error: e.message, warnings };
    throw e;
  }
}

/** The repository's root. */
export const REPO = new URL('..', import.meta.url).pathname;
/** The kfm command. */
export const BIN = join(REPO, 'bin/kfm.js');

/** Runs the kfm CLI with its cache in `cacheDir` (caching on), and more of the environment. */
export function kfmCacheEnv(cacheDir: string, env: Record<string, string>, args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, KFM_CACHE_DIR: cacheDir, KFM_CACHE: '', KFM_CACHE_SECRETS: '', KFM_CACHE_MAX_MB: '', ...env },
  });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the kfm CLI with its cache in `cacheDir` (caching on). */
export function kfmWithCache(cacheDir: string, ...args: string[]) {
  return kfmCacheEnv(cacheDir, {}, args);
}

/** A small tree (a ConfigMap file and a generated one) and a cache folder beside it, not yet made. */
export function cacheTree(): { dir: string; cache: string } {
  const root = mkdtempSync(join(tmpdir(), 'kfm-cache-'));
  const dir = join(root, 'tree');
  mkdirSync(dir);
  writeFileSync(join(dir, 'kustomization.yaml'), [
    'resources: [cm.yaml]',
    'commonLabels: {team: a}',
    'configMapGenerator:',
    '- name: gen',
    '  files: [data.txt]',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  a: "1"\n');
  writeFileSync(join(dir, 'data.txt'), 'one\n');
  return { dir, cache: join(root, 'cache') };
}
