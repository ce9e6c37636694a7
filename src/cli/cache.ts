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
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtin, compactProbes, nodeCrypto, probesHold, type Probe } from '../build/probe.js';
import { cacheRoot } from '../cachedir.js';
import { freshnessFromEnv, type Freshness } from '../remote/record.js';
import { VERSION } from '../version.js';
import { pruneCache } from './cache-admin.js';
import { openRegular } from '../regularfile.js';

interface Entry {
  /** What the entry's file name was made from (a short checksum of it, see {@link entryKey}). */
  key: string;
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
  const h = nodeCrypto().createHash('sha256');
  const files = (readdirSync(dist, { recursive: true }) as string[]).filter((f) => /\.c?js$/.test(f)).sort();
  for (const f of files) h.update(f).update('\0').update(readFileSync(join(dist, f))).update('\0');
  return (codeDigest = VERSION + ':' + h.digest('hex'));
}

/** zlib's CRC-32 where this Node has it (20.15 and later), loaded on first use. */
function crc32(): ((data: Uint8Array | string, value?: number) => number) | undefined {
  return builtin<{ crc32?: (data: Uint8Array | string, value?: number) => number }>('node:zlib').crc32;
}

/** What identifies a build's entry: kfm's own build, the directory and the load restrictor. */
function entryKey(b: CacheableBuild): string {
  return JSON.stringify([kfmDigest(), resolve(b.dir), b.loadRestrictor]);
}

/**
 * The entry's file: named by a checksum of its key, which the entry also holds, so that two keys
 * of one checksum only take turns in one file and never answer for each other.
 */
function entryPath(key: string): string | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  const crc = crc32();
  const name = crc ? crc(key).toString(16).padStart(8, '0') : nodeCrypto().createHash('sha256').update(key).digest('hex');
  return join(dir, `${name}.entry`);
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
 * parsed.
 */
function digestOf(head: Entry): { update(piece: Uint8Array | string): void; digest(): string } {
  const crc = crc32();
  const headText = JSON.stringify([head.key, head.version, head.probes, head.warnings]) + '\0';
  if (!crc) {
    const h = nodeCrypto().createHash('sha1').update(headText);
    return { update: (p) => h.update(p), digest: () => 'sha1:' + h.digest('hex') };
  }
  // A check against damage (an entry cut short or edited by hand), not against an attacker, who
  // could as well write a matching SHA-1 into the private folder: CRC-32 over 5 MB of output
  // takes 2 ms, where loading node:crypto and hashing with SHA-1 took 10 to 15.
  let value = crc(headText);
  return { update: (p) => { value = crc(p, value); }, digest: () => 'crc32:' + value.toString(16).padStart(8, '0') };
}

/**
 * The piece size an entry is read in. A warm build streams its output through one small buffer
 * instead of reading the whole entry into a new one: each page of a fresh buffer costs a fault, and
 * on the Kubeflow tree (5 MB) reading it whole took 16 ms, in 1 MiB pieces 7 ms, in 64 KiB ones 1.6.
 */
const CHUNK = 1 << 16;

/** The longest head line read (a damaged entry without its line break is not read whole). */
const MAX_HEAD = 64 << 20;

/** A remembered output whose inputs are unchanged: its warnings, and a way to print it. */
export interface CacheHit {
  warnings: string[];
  /** Hands the output to `write` piece by piece (each piece is only valid during the call). */
  print(write: (piece: Buffer) => void): void;
}

/** Calls `each` with the pieces of `fd` from `offset` to its end, through `buf`. */
function readPieces(fd: number, buf: Buffer, offset: number, each: (piece: Buffer) => void): void {
  for (let pos = offset, n: number; (n = readSync(fd, buf, 0, buf.length, pos)) > 0; pos += n) each(buf.subarray(0, n));
}

/** The remembered output of this build, if the entry is intact and everything it read is unchanged. */
export function cachedOutput(b: CacheableBuild): CacheHit | undefined {
  let fd: number | undefined;
  try {
    const key = entryKey(b);
    const path = entryPath(key);
    if (!path) return undefined;
    // A regular file only: a FIFO or device put in its place is no entry (and throws here).
    fd = openRegular(path).fd;
    // The head line, read piece by piece until its newline (probes of a large tree fill several).
    const buf = Buffer.allocUnsafe(CHUNK);
    const pieces: Buffer[] = [];
    let nl = -1;
    let headBytes = 0;
    for (let n: number; nl < 0 && headBytes < MAX_HEAD && (n = readSync(fd, buf, 0, CHUNK, headBytes)) > 0; headBytes += n) {
      const i = buf.indexOf(10);
      if (i >= 0 && i < n) nl = headBytes + i;
      pieces.push(Buffer.from(buf.subarray(0, n)));
    }
    if (nl < 0) return undefined;
    const head = Buffer.concat(pieces).toString('utf8', 0, nl);
    const { entry: e, digest } = JSON.parse(head) as { entry?: Entry; digest?: string };
    if (!e || e.key !== key || e.version !== VERSION || !Array.isArray(e.probes) || !Array.isArray(e.warnings)) return undefined;
    if (!probesHold(e.probes, b.freshness)) return undefined;
    // Entries are replaced by renaming, never written in place: what this descriptor reads now is
    // what it reads again when printing.
    const h = digestOf(e);
    readPieces(fd, buf, nl + 1, (p) => h.update(p));
    if (h.digest() !== digest) return undefined;
    const entryFd = fd;
    fd = undefined;
    return {
      warnings: e.warnings,
      print(write) {
        try {
          readPieces(entryFd, buf, nl + 1, write);
        } finally {
          closeSync(entryFd);
        }
      },
    };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
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
export function storeOutput(b: CacheableBuild, probes: Probe[], warnings: string[], out: Buffer, result: BuiltResources): void {
  if (generatedSecrets(result) && process.env.KFM_CACHE_SECRETS !== '1') return;
  try {
    const key = entryKey(b);
    const path = entryPath(key);
    if (!path || !ensureDir(dirname(path))) return;
    const entry: Entry = { key, version: VERSION, probes: compactProbes(probes), warnings };
    const check = digestOf(entry);
    check.update(out);
    writePrivate(path, [JSON.stringify({ entry, digest: check.digest() }) + '\n', out]);
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
