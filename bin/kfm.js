#!/usr/bin/env node
// The kfm command. The TypeScript is compiled to dist/ by `npm ci` (the prepare script).
// A build whose inputs are unchanged since the last run is answered from the output cache,
// before the renderer (and its dependencies) is loaded at all.
import { cacheableBuild, cachedOutput } from '../dist/cli/cache.js';
import { OutputClosed, writeStderr, writeStdout } from '../dist/cli/output.js';
import { existsSync } from 'node:fs';

const request = cacheableBuild(process.argv);
const hit = request && cachedOutput(request);
if (hit) {
  for (const w of hit.warnings) writeStderr(w + '\n');
  try {
    writeStdout(hit.out);
  } catch (e) {
    if (!(e instanceof OutputClosed)) {
      writeStderr(`Error: ${e.message}\n`);
      process.exitCode = 1;
    }
  }
} else {
  // The command as one file when the build bundled it (scripts/bundle.mjs), else module by module.
  const bundle = new URL('../dist/cli/main.bundle.js', import.meta.url);
  const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/cli/main.js');
  main(process.argv);
}
