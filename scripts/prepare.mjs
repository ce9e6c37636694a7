#!/usr/bin/env node
// Compiles src/ to dist/ when the package is installed from a git URL or a clone (npm's prepare).
// `npm i -g git+URL` runs this inside a global install, where npm may not link the dev
// dependencies' bins next to the package; the compiler is then found by module resolution, or
// fetched with npx at the version package.json pins.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  tsc = undefined;
}
const pinned = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).devDependencies.typescript;
const r = tsc
  ? spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' })
  : spawnSync('npx', ['--yes', '-p', `typescript@${pinned}`, 'tsc', '-p', 'tsconfig.json'], {
    cwd: root,
    stdio: 'inherit',
    // A global install's settings would send npx's own install to the global prefix.
    env: { ...process.env, npm_config_global: 'false', npm_config_prefix: '' },
  });
process.exit(r.status ?? 1);
