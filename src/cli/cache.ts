/**
 * The output cache: `kfm build DIR` remembers its output together with fingerprints of everything
 * the build read (see build/probe.ts). When every fingerprint still holds, the same output is
 * printed again without loading the renderer. Only this file and probe.ts load on a hit.
 *
 * Location: $KFM_CACHE_DIR, else $XDG_CACHE_HOME/kfm, else ~/.cache/kfm. Off with `--no-cache`
 * or KFM_CACHE=off. Any problem with the cache (unreadable, corrupt, not writable) only means a
 * normal build.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { probesHold, type Probe } from '../build/probe.js';
import { cacheRoot } from '../cachedir.js';
import { freshnessFromEnv, type Freshness } from '../remote/record.js';
import { VERSION } from '../version.js';

interface Entry {
  version: string;
  probes: Probe[];
  warnings: string[];
  out: string;
}

/** The build a command line asks for, when it is one the cache can answer. */
export interface CacheableBuild {
  dir: string;
  loadRestrictor: string;
  /** How far remote answers are trusted (flags over KFM_OFFLINE and KFM_REMOTE_TTL). */
  freshness: Freshness;
}

function cacheDir(): string | undefined {
  if (process.env.KFM_CACHE === 'off') return undefined;
  return cacheRoot();
}

function entryPath(b: CacheableBuild): string | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  const key = createHash('sha1').update(JSON.stringify([VERSION, resolve(b.dir), b.loadRestrictor])).digest('hex');
  return join(dir, `${key}.json`);
}

/**
 * Reads `build [DIR] [--load-restrictor X] [--offline] [--remote-ttl N]` (stdout output, no other
 * flags) from argv; anything else is left to the full command line parser.
 */
export function cacheableBuild(argv: string[]): CacheableBuild | undefined {
  const args = argv.slice(2);
  if (args[0] !== 'build') return undefined;
  let dir: string | undefined;
  let loadRestrictor = 'LoadRestrictionsRootOnly';
  const freshness = freshnessFromEnv();
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === '--load-restrictor' && i + 1 < args.length) loadRestrictor = args[++i];
    else if (a.startsWith('--load-restrictor=')) loadRestrictor = a.slice('--load-restrictor='.length);
    else if (a === '--offline') freshness.offline = true;
    else if (a === '--remote-ttl' && /^\d+$/.test(args[i + 1] ?? '')) freshness.ttlSeconds = Number(args[++i]);
    else if (!a.startsWith('-') && dir === undefined) dir = a;
    else return undefined;
  }
  if (loadRestrictor !== 'LoadRestrictionsRootOnly' && loadRestrictor !== 'LoadRestrictionsNone') return undefined;
  return { dir: dir ?? '.', loadRestrictor, freshness };
}

/** The remembered output of this build, if everything it read is unchanged. */
export function cachedOutput(b: CacheableBuild): { out: string; warnings: string[] } | undefined {
  const path = entryPath(b);
  if (!path) return undefined;
  try {
    const e = JSON.parse(readFileSync(path, 'utf8')) as Entry;
    if (e.version !== VERSION || !Array.isArray(e.probes) || typeof e.out !== 'string') return undefined;
    return probesHold(e.probes, b.freshness) ? { out: e.out, warnings: e.warnings ?? [] } : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers a successful build's output. */
export function storeOutput(b: CacheableBuild, probes: Probe[], warnings: string[], out: string): void {
  const path = entryPath(b);
  if (!path) return;
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: VERSION, probes, warnings, out } satisfies Entry));
    renameSync(tmp, path);
  } catch {
    // A cache that cannot be written is no cache.
  }
}
