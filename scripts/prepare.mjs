#!/usr/bin/env node
// Compiles src/ to dist/ when the package is installed from a git URL or a clone (npm's prepare).
// `npm i -g git+URL` runs this inside a global install whose settings send the dependencies to
// the global prefix, so the clone has no compiler and no type packages: they are installed into
// the clone first, with the global setting turned off.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
// The compiler's bin is not among the package's exports; its package.json is.
const tscPath = () => {
  try {
    return join(dirname(require.resolve('typescript/package.json')), 'bin/tsc');
  } catch {
    return undefined;
  }
};
if (!tscPath()) {
  const env = { ...process.env, npm_config_global: 'false', npm_config_prefix: '' };
  const i = spawnSync('npm', ['install', '--no-save', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env });
  if (i.status !== 0) process.exit(i.status ?? 1);
}
const r = spawnSync(process.execPath, [tscPath(), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
