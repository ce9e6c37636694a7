#!/usr/bin/env node
// Compiles src/ to dist/ when the package is installed from a git URL or a clone (npm's prepare).
//
// `npm i -g git+URL`: npm exports its settings (global, prefix) to the processes it starts, so the
// `npm install` it runs in its temporary clone of the repository is global too. Hence:
// - the clone's own node_modules gets no compiler and no type packages. They are then installed
//   into a temporary folder (with the global settings off), linked in for the compile, and
//   removed, so that nothing but dist/ is added to the clone;
// - unless --install-links is given, that nested global install replaces the folder the outer
//   install is unpacking into with a symlink to the clone, which npm deletes once packed: the
//   install would "succeed" and leave a dangling `kfm`. That case is refused with the command
//   that works.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/**
 * Compiles with the pinned compiler found in the node_modules folder `nm`, then writes the
 * command's bundle, the build id the caches key on and the bundle's code cache, as `npm run build` does; returns the exit
 * status.
 */
const tsc = (nm) => {
  const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
  return (
    run([join(nm, 'typescript/bin/tsc'), '-p', 'tsconfig.json']) || run([join(root, 'scripts/bundle.mjs')]) ||
    run([join(root, 'scripts/build-id.mjs')]) || run([join(root, 'scripts/code-cache.mjs')])
  );
};

/** Installs the dependencies and dev dependencies into a temporary folder to compile with. */
function compileWithTemporaryToolchain() {
  const tmp = mkdtempSync(join(tmpdir(), 'kfm-prepare-'));
  const link = join(root, 'node_modules');
  try {
    writeFileSync(join(tmp, 'package.json'), JSON.stringify({ private: true, dependencies: { ...pkg.dependencies, ...pkg.devDependencies } }));
    // The outer install's settings (global, its prefix, its allow-scripts list) are not this one's.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(global|location|prefix|allow_scripts)$/i.test(k)));
    const i = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: tmp, stdio: 'inherit', env });
    if (i.status !== 0) return 1;
    symlinkSync(join(tmp, 'node_modules'), link, 'dir');
    return tsc(link);
  } finally {
    if (existsSync(link)) unlinkSync(link);
    rmSync(tmp, { recursive: true, force: true });
  }
}

// pacote names the git dependencies it is preparing in _PACOTE_NO_PREPARE_.
if (process.env.npm_config_global === 'true' && process.env._PACOTE_NO_PREPARE_ && process.env.npm_config_install_links !== 'true') {
  console.error(`kfm: a global install from a git URL needs --install-links (npm would otherwise link ${pkg.name} to a temporary clone it deletes): npm i -g --install-links <git URL>`);
  process.exit(1);
}

const status = existsSync(join(root, 'node_modules/typescript/package.json')) ? tsc(join(root, 'node_modules')) : compileWithTemporaryToolchain();
process.exit(status);
