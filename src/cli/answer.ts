/**
 * A `kfm build` whose inputs are unchanged since the output cache saw them is answered here, before
 * the renderer is loaded at all (see start.ts, which runs it first).
 */
import { cacheableBuild, cachedOutput } from './cache.js';
import { OutputClosed, writeStderr, writeStdout } from './output.js';

/** True when the command was answered from the output cache (its output written, or failed). */
export function answerFromCache(argv: string[]): boolean {
  const request = cacheableBuild(argv);
  const hit = request && cachedOutput(request);
  if (!hit) return false;
  for (const w of hit.warnings) writeStderr(w + '\n');
  try {
    hit.print(writeStdout);
  } catch (e) {
    // A reader that went away (`kfm build | head`) is not an error.
    if (!(e instanceof OutputClosed)) {
      writeStderr(`Error: ${(e as Error).message}\n`);
      process.exitCode = 1;
    }
  }
  return true;
}
