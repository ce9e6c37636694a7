#!/usr/bin/env node
// Writes dist/cli/main.bundle.cache: V8's code cache for the renderer bundle, made by building the
// repository's example with it (so that it holds the functions a build runs, compiled). Run after
// build-id.mjs: the cache names the build id it was made under, and is ignored under any other
// (see src/cli/start.ts). Without the bundle or the example, nothing is written.
// Usage: node scripts/code-cache.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cache = join(root, 'dist/cli/main.bundle.cache');
rmSync(cache, { force: true });
if (!existsSync(join(root, 'dist/cli/main.bundle.cjs')) || !existsSync(join(root, 'example/kustomization.yaml'))) process.exit(0);
const r = spawnSync(process.execPath, [join(root, 'bin/kfm.cjs'), 'build', join(root, 'example'), '--no-cache'], {
  env: { ...process.env, KFM_WRITE_CODE_CACHE: '1' },
  stdio: ['ignore', 'ignore', 'pipe'],
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
// A failed build still compiled what it ran; the cache is only an aid, so nothing here is fatal.
if (r.status !== 0) console.error(`code-cache.mjs: the example's build failed (${r.status}); the cache holds what it ran\n${r.stderr}`);
