/** `kfm cache info` and `kfm cache clean`: what kfm's cache folder holds, and emptying it. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { cacheRoot } from '../cachedir.js';
import { cacheInfo, cacheLimit, cleanCache } from './cache-admin.js';
import { writeStdout } from './output.js';

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** Adds the `cache` command to the program. */
export function addCacheCommand(program: Command): void {
  const cache = program.command('cache').description("Show or empty kfm's cache (build output, parsed files, remote bases)");
  cache
    .command('info')
    .description('Print where the cache is, and its entries and size by kind')
    .action(() => {
      const root = resolve(cacheRoot());
      const kinds = cacheInfo(root);
      const lines = [`location: ${root}`];
      for (const k of kinds) lines.push(`${k.kind}: ${k.entries} ${k.entries === 1 ? 'entry' : 'entries'}, ${mb(k.bytes)}`);
      const bounded = kinds.filter((k) => k.kind !== 'remote').reduce((a, k) => a + k.bytes, 0);
      lines.push(`output and parse: ${mb(bounded)} of ${mb(cacheLimit())} (KFM_CACHE_MAX_MB; the oldest entries go first)`);
      writeStdout(lines.join('\n') + '\n');
    });
  cache
    .command('clean')
    .description("Remove everything kfm keeps in its cache (only kfm's own files; links are removed, not followed)")
    .action(() => {
      const root = resolve(cacheRoot());
      cleanCache(root);
      writeStdout(`removed kfm's cache entries from ${root}\n`);
    });
}
