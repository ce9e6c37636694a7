#!/usr/bin/env node
// Compiles src/ to dist/ when the package is installed from a git URL or a clone (npm's prepare).
// `npm i -g git+URL` runs this inside a global install whose settings send the dependencies to
// the global prefix, so the clone has no compiler and no type packages. They are then installed
// into a temporary folder (with the global setting off), linked in for the compile, and removed,
// so that nothing but dist/ is left in the clone npm packs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// After the compile, the command's bundle (bundle.mjs) and the build id the caches key on
// (build-id.mjs), as `npm run build` makes them.
const tsc = (nm) => {
  const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  let r = run([join(nm, 'typescript/bin/tsc'), '-p', 'tsconfig.json']);
  if (r.status === 0) r = run([join(root, 'scripts/bundle.mjs')]);
  return r.status === 0 ? run([join(root, 'scripts/build-id.mjs')]) : r;
};

if (existsSync(join(root, 'node_modules/typescript/package.json'))) process.exit(tsc(join(root, 'node_modules')).status ?? 1);

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'kfm-prepare-'));
const link = join(root, 'node_modules');
let status = 1;
try {
  writeFileSync(join(tmp, 'package.json'), JSON.stringify({ private: true, dependencies: { ...pkg.dependencies, ...pkg.devDependencies } }));
  // The outer install's settings (global, its prefix, its allow-scripts list) are not this one's.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(global|prefix|allow_scripts)$/i.test(k)));
  const i = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: tmp, stdio: 'inherit', env });
  if (i.status === 0) {
    symlinkSync(join(tmp, 'node_modules'), link, 'dir');
    status = tsc(link).status ?? 1;
  }
} finally {
  if (existsSync(link)) unlinkSync(link);
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(status);
