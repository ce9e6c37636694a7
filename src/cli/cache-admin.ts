/**
 * Looking after kfm's cache folder as a whole: what it holds (`kfm cache info`), emptying it
 * (`kfm cache clean`) and keeping the output and parse caches under a size bound.
 *
 * The folder may be shared with other things (KFM_CACHE_DIR can point anywhere), so only names
 * kfm writes are counted or removed, and a symbolic link is removed as a link, never followed.
 */
import { lstatSync, readdirSync, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Output entries, named by CRC-32 or SHA-256 (and the temporary files of a write in progress or cut short). */
const OUTPUT_ENTRY = /^(?:[0-9a-f]{8}|[0-9a-f]{64})\.(?:entry|json)(?:\.\d+\.tmp)?$/;
/** Parse entries, in the `parse` folder. */
const PARSE_ENTRY = /^[0-9a-f]{40}\.json(?:\.\d+\.tmp)?$/;
/** The folder of the parse cache, and that of the remote cache (git trees, downloaded files). */
export const PARSE_DIR = 'parse';
const REMOTE_DIR = 'remote';

/** The bound on the output and parse caches together, in bytes: KFM_CACHE_MAX_MB, default 256. */
export function cacheLimit(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.KFM_CACHE_MAX_MB);
  return (env.KFM_CACHE_MAX_MB && Number.isFinite(mb) && mb >= 0 ? mb : 256) * 1024 * 1024;
}

interface File {
  path: string;
  size: number;
  mtimeMs: number;
}

/** The files of `dir` whose names match, as found by lstat (a link counts as the link). */
function filesIn(dir: string, name: RegExp): File[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: File[] = [];
  for (const n of names) {
    if (!name.test(n)) continue;
    try {
      const st = lstatSync(join(dir, n));
      if (st.isFile() || st.isSymbolicLink()) out.push({ path: join(dir, n), size: st.size, mtimeMs: st.mtimeMs });
    } catch {
      // Removed meanwhile.
    }
  }
  return out;
}

/** Every file under `dir`, not following links; `dir` itself may be a link (then it alone). */
function treeFiles(dir: string): File[] {
  const out: File[] = [];
  const walk = (p: string) => {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return;
    }
    if (!st.isDirectory()) {
      out.push({ path: p, size: st.size, mtimeMs: st.mtimeMs });
      return;
    }
    let names: string[] = [];
    try {
      names = readdirSync(p);
    } catch {
      // Unreadable: nothing to count.
    }
    for (const n of names) walk(join(p, n));
  };
  walk(dir);
  return out;
}

/** The parse entries of `root`; none when its parse folder is a link (it is not followed). */
function parseEntries(root: string): File[] {
  const dir = join(root, PARSE_DIR);
  try {
    if (!lstatSync(dir).isDirectory()) return [];
  } catch {
    return [];
  }
  return filesIn(dir, PARSE_ENTRY);
}

/** What one kind of cache holds. */
export interface CacheKindInfo {
  kind: 'output' | 'parse' | 'remote';
  entries: number;
  bytes: number;
}

function kindInfo(kind: CacheKindInfo['kind'], files: File[]): CacheKindInfo {
  return { kind, entries: files.length, bytes: files.reduce((a, f) => a + f.size, 0) };
}

/** What the cache folder `root` holds, by kind. */
export function cacheInfo(root: string): CacheKindInfo[] {
  return [
    kindInfo('output', filesIn(root, OUTPUT_ENTRY)),
    kindInfo('parse', parseEntries(root)),
    kindInfo('remote', treeFiles(join(root, REMOTE_DIR))),
  ];
}

/** Removes everything kfm keeps in `root` (links as links); other files there stay. */
export function cleanCache(root: string): void {
  for (const f of [...filesIn(root, OUTPUT_ENTRY), ...parseEntries(root)]) unlinkSync(f.path);
  // rm removes a link without following it, and recurses only into real folders.
  rmSync(join(root, REMOTE_DIR), { recursive: true, force: true });
  try {
    if (lstatSync(join(root, PARSE_DIR)).isSymbolicLink()) unlinkSync(join(root, PARSE_DIR));
    else rmdirSync(join(root, PARSE_DIR));
  } catch {
    // Not there, or holding something kfm did not write: left alone.
  }
}

/**
 * Keeps the output and parse caches of `root` within {@link cacheLimit}: past it, the entries
 * written longest ago go first, down to nine tenths of the limit (so that the next write does not
 * prune again). The remote cache is not pruned: an offline build depends on it.
 */
export function pruneCache(root: string, limit = cacheLimit()): void {
  const files = [...filesIn(root, OUTPUT_ENTRY), ...parseEntries(root)];
  let total = files.reduce((a, f) => a + f.size, 0);
  if (total <= limit) return;
  files.sort((a, b) => a.mtimeMs - b.mtimeMs);
  for (const f of files) {
    if (total <= limit * 0.9) break;
    try {
      unlinkSync(f.path);
      total -= f.size;
    } catch {
      // Removed meanwhile.
    }
  }
}
