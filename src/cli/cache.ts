/**
 * The output cache: `kfm build DIR` remembers its output together with fingerprints of everything
 * the build read (see build/probe.ts). When every fingerprint still holds, the same output is
 * printed again without loading the renderer. Only this file and probe.ts load on a hit.
 *
 * Location: $KFM_CACHE_DIR, else $XDG_CACHE_HOME/kfm, else ~/.cache/kfm. Off with `--no-cache`
 * or KFM_CACHE=off. Any problem with the cache (unreadable, corrupt, not writable) only means a
 * normal build.
 *
 * The cache holds rendered output, so it is private (a 0700 directory of 0600 files), and a build
 * that generated Secrets (secretGenerator) is not kept at all unless KFM_CACHE_SECRETS=1. An entry
 * is keyed by kfm's own code (a digest of its compiled files, made at compile time), so another
 * kfm never answers from it, and carries a digest of its content, so an entry changed by hand or
 * cut short is ignored.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probesHold, type Probe } from '../build/probe.js';
import { cacheRoot } from '../cachedir.js';
import { freshnessFromEnv, type Freshness } from '../remote/record.js';
import { VERSION } from '../version.js';
import { pruneCache } from './cache-admin.js';

interface Entry {
  version: string;
  probes: Probe[];
  warnings: string[];
}

/** The build a command line asks for, when it is one the cache can answer. */
export interface CacheableBuild {
  dir: string;
  loadRestrictor: string;
  /** How far remote answers are trusted (flags over KFM_OFFLINE and KFM_REMOTE_TTL). */
  freshness: Freshness;
}

/** What {@link storeOutput} needs to know of a build's resources. */
export interface BuiltResources {
  resources: { kind: string; generated?: unknown }[];
}

/** kfm's cache folder, or undefined when caching is off (KFM_CACHE=off). */
export function cacheDir(): string | undefined {
  if (process.env.KFM_CACHE === 'off') return undefined;
  return resolve(cacheRoot());
}

let codeDigest: string | undefined;

/**
 * kfm's build id, so that an entry written by another build of kfm is never used, whatever its
 * version number says: the digest of the compiled files that scripts/build-id.mjs writes after
 * every compile. Without that file (dist compiled by hand), the digest is made here, as the
 * script does, at a cost of tens of milliseconds per run.
 */
export function kfmDigest(): string {
  if (codeDigest) return codeDigest;
  const dist = dirname(dirname(fileURLToPath(import.meta.url)));
  try {
    const id = (JSON.parse(readFileSync(join(dist, 'build-id.json'), 'utf8')) as { id?: unknown }).id;
    if (typeof id === 'string' && id) return (codeDigest = VERSION + ':' + id);
  } catch {
    // No build id written: fall back to reading the compiled files.
  }
  const h = createHash('sha256');
  const files = (readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith('.js')).sort();
  for (const f of files) h.update(f).update('\0').update(readFileSync(join(dist, f))).update('\0');
  return (codeDigest = VERSION + ':' + h.digest('hex'));
}

function entryPath(b: CacheableBuild): string | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  const key = createHash('sha256').update(JSON.stringify([kfmDigest(), resolve(b.dir), b.loadRestrictor])).digest('hex');
  return join(dir, `${key}.entry`);
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

/**
 * An entry file is one JSON line (the entry without its output, and the digest of the whole)
 * followed by the output as it is printed: no escaping to undo, and only the short first line is
 * parsed, which on a 10 MB output is most of a warm build's time.
 */
function digestOf(head: Entry, out: string | Buffer): string {
  return createHash('sha1').update(JSON.stringify([head.version, head.probes, head.warnings])).update('\0').update(out).digest('hex');
}

/** The remembered output of this build, if the entry is intact and everything it read is unchanged. */
export function cachedOutput(b: CacheableBuild): { out: Buffer; warnings: string[] } | undefined {
  try {
    const path = entryPath(b);
    if (!path) return undefined;
    // Kept as bytes: they are printed as they are, without decoding and encoding 10 MB again.
    const raw = readFileSync(path);
    const nl = raw.indexOf(10);
    if (nl < 0) return undefined;
    const { entry: e, digest } = JSON.parse(raw.toString('utf8', 0, nl)) as { entry?: Entry; digest?: string };
    if (!e || e.version !== VERSION || !Array.isArray(e.probes) || !Array.isArray(e.warnings)) return undefined;
    if (!probesHold(e.probes, b.freshness)) return undefined;
    const out = raw.subarray(nl + 1);
    return digest === digestOf(e, out) ? { out, warnings: e.warnings } : undefined;
  } catch {
    return undefined;
  }
}

/** How many missing parent folders the cache creates at most (a typo'd path is not a tree to build). */
const MAX_NEW_LEVELS = 8;

/**
 * Creates the cache directory (0700) level by level: a recursive mkdir never returns on some
 * special file systems (/proc), and this gives up at the first level it cannot make.
 */
export function ensureDir(dir: string): boolean {
  const missing: string[] = [];
  let d = dir;
  for (;;) {
    try {
      if (statSync(d).isDirectory()) break;
      return false;
    } catch {
      if (missing.length >= MAX_NEW_LEVELS || dirname(d) === d) return false;
      missing.push(d);
      d = dirname(d);
    }
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m, { mode: 0o700 });
    } catch {
      return false;
    }
  }
  return true;
}

/** True when the build generated a Secret (whose data would then sit in the cache). */
function generatedSecrets(result: BuiltResources): boolean {
  return result.resources.some((r) => r.kind === 'Secret' && r.generated !== undefined);
}

/** Remembers a successful build's output. */
export function storeOutput(b: CacheableBuild, probes: Probe[], warnings: string[], out: string, result: BuiltResources): void {
  if (generatedSecrets(result) && process.env.KFM_CACHE_SECRETS !== '1') return;
  try {
    const path = entryPath(b);
    if (!path || !ensureDir(dirname(path))) return;
    const entry = { version: VERSION, probes, warnings };
    writePrivate(path, [JSON.stringify({ entry, digest: digestOf(entry, out) }) + '\n', out]);
    pruneCache(dirname(path));
  } catch {
    // A cache that cannot be written is no cache.
  }
}

/**
 * Writes a cache file readable by its owner only, whole or not at all: a reader never sees a file
 * cut short by a crash or by a second kfm writing the same entry.
 */
export function writePrivate(path: string, parts: (string | Buffer)[]): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    for (const p of parts) writeSync(fd, typeof p === 'string' ? Buffer.from(p) : p);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
