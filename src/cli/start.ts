/**
 * The first thing `kfm` runs (bin/kfm.cjs), bundled alone as CommonJS (dist/cli/start.cjs): a
 * build whose inputs are unchanged is answered from the output cache and nothing else is loaded;
 * anything else loads the renderer.
 *
 * The renderer is one CommonJS bundle (dist/cli/main.bundle.cjs), compiled with V8's code cache
 * (dist/cli/main.bundle.cache, made once by scripts/code-cache.mjs after a build of the example):
 * V8 then neither parses its 1.2 MB nor compiles the functions a build runs: compiling it took
 * 36 ms without the cache and 15 with it, its modules' set-up 40 to 55 ms and 31 to 35, and a
 * cold build of the Kubeflow tree about 50 ms less in all. The cache names the build id and the
 * digest of the bundle's source, and V8 itself refuses data from another V8: any mismatch only
 * means a normal compile. Without the bundle, the compiled modules are imported one by one.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { nodeCrypto } from '../build/probe.js';
import { kfmDigest } from './cache.js';

export { answerFromCache } from './answer.js';

/** The command's entry point, as dist/cli/main.js exports it. */
type Main = (argv: string[]) => void;

/**
 * The header of a code cache: what it was made for. V8 checks only the source's length, so the
 * source's own digest is part of it: data made for other code would run that code's bytecode.
 */
function cacheHeader(source: string): string {
  const digest = nodeCrypto().createHash('sha1').update(source).digest('hex');
  return JSON.stringify([kfmDigest(), digest, process.version, process.arch]);
}

/** The code cache's bytes for a bundle of this source, when there is one made for it. */
function readCodeCache(source: string, cacheFile: string): Buffer | undefined {
  try {
    const raw = readFileSync(cacheFile);
    const nl = raw.indexOf(10);
    return nl > 0 && raw.toString('utf8', 0, nl) === cacheHeader(source) ? raw.subarray(nl + 1) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Compiles and runs the renderer bundle as Node runs a CommonJS module, with the code cache when it
 * fits. With KFM_WRITE_CODE_CACHE=1 (scripts/code-cache.mjs) the cache is written when the process
 * ends, so that it holds every function the command ran.
 */
function runBundle(bundle: string): Main {
  const cacheFile = bundle.replace(/\.cjs$/, '.cache');
  // latin1: esbuild writes ASCII, and a one-byte string is what V8 keeps the source as anyway.
  const source = readFileSync(bundle, 'latin1');
  const cachedData = readCodeCache(source, cacheFile);
  // Module.wrap: only the default export has it when this module runs unbundled, as an ES module.
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  // import() inside such a script has no loader: the renderer's one use of it (validate's schema
  // models, see tools/validate-builtin.ts) borrows this module's, which resolves from the same
  // folder as the bundle's would.
  (globalThis as { kfmImport?: (specifier: string) => Promise<unknown> }).kfmImport = (specifier) => import(specifier);
  if (process.env.KFM_WRITE_CODE_CACHE === '1') {
    process.on('exit', () => writeFileSync(cacheFile, Buffer.concat([Buffer.from(cacheHeader(source) + '\n'), script.createCachedData()])));
  }
  const module = { exports: {} as { main?: Main } };
  (script.runInThisContext() as (...args: unknown[]) => void).call(
    module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle),
  );
  if (typeof module.exports.main !== 'function') throw new Error(`${bundle} does not export main`);
  return module.exports.main;
}

/** Loads the renderer: the bundle where the build made one, else the compiled modules. */
export async function loadMain(): Promise<Main> {
  // This module's folder, in the ES module and in the CommonJS bundle alike (dist/cli).
  const here = dirname(fileURLToPath(import.meta.url));
  const bundle = join(here, 'main.bundle.cjs');
  if (existsSync(bundle)) return runBundle(bundle);
  return ((await import(pathToFileURL(join(here, 'main.js')).href)) as { main: Main }).main;
}
