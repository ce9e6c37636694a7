/**
 * What a build looked at on disk, as fingerprints that can be checked again cheaply: real paths,
 * directory checks, file existence and file contents (SHA-1). A build whose probes all answer the
 * same again has the same output, which is what the CLI's output cache relies on. Kept free of the
 * build's heavy imports so that a cache hit loads almost nothing.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { readRegular } from '../regularfile.js';
import { freshnessFromEnv, recordHolds, type Freshness } from '../remote/record.js';

/** One look at the file system and what it found. */
export interface Probe {
  /** real path, is a directory, exists, content, a remote cache record (p: its path). */
  k: 'real' | 'dir' | 'exists' | 'file' | 'remote';
  p: string;
  r: string;
  /**
   * For a file: its stat mark ({@link statMark}) taken before it was read. While the file still
   * shows that mark, its content is not read again to check the digest.
   */
  m?: string;
}

/**
 * How long after its last change a file's timestamps are not trusted, in nanoseconds: a file
 * changed again within one timestamp tick of the change kfm saw keeps the same mtime and ctime
 * (git calls such entries racy). Three seconds covers the coarsest file systems (FAT's two-second
 * mtime); ext4, tmpfs and XFS tick in milliseconds.
 */
const RACY_NS = 3_000_000_000n;

/** The mark of what lstat found: inode, size, mtime and ctime (nanoseconds). */
function markOf(st: { ino: bigint; size: bigint; mtimeNs: bigint; ctimeNs: bigint }): string {
  return `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

/** What lstat finds at `abs` when it is a regular file (no link), else undefined. */
function regularStat(abs: string) {
  const st = lstatSync(abs, { bigint: true, throwIfNoEntry: false });
  return st?.isFile() ? st : undefined;
}

/**
 * A file's identity and change times, or undefined when they cannot stand for its content: a
 * symbolic link (its mark would be the link's), unreadable, or changed too recently to trust. The
 * ctime moves on every write and cannot be set back by a user, so an unchanged mark means unchanged
 * content; a changed mark only means the content must be compared. (`racyNs`: for tests.)
 */
export function statMark(abs: string, racyNs = RACY_NS): string | undefined {
  try {
    const st = regularStat(abs);
    if (!st) return undefined;
    const changed = st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs;
    if (changed + racyNs > BigInt(Date.now()) * 1_000_000n) return undefined;
    return markOf(st);
  } catch {
    return undefined;
  }
}

/**
 * Whether a file probe holds: its content is unchanged. A marked probe's file was a regular file,
 * not a link, when it was read, and must still be one (see {@link compactProbes} for what that lets
 * it stand for); while it shows the same mark, its content is not read. The content is read as a
 * regular file only, so that a FIFO put in a file's place fails the probe instead of holding it.
 */
function fileHolds(x: Probe): boolean {
  try {
    if (x.m !== undefined) {
      const st = regularStat(x.p);
      if (!st) return false;
      if (markOf(st) === x.m) return true;
    }
    return contentDigest(readRegular(x.p)) === x.r;
  } catch {
    return false;
  }
}

/**
 * The probes a warm run checks in place of all a build took, with the same answer: repeats go, and
 * so does every probe another one kept implies. A build asks for about 2,200 on the Kubeflow tree,
 * and checking them was the larger part of a warm run; about 700 are left.
 * - A marked file probe fails unless the path is still a regular file (no link), so it implies
 *   that the path exists and is no directory; and its real path is itself while its folder's is.
 * - A real path that is the path itself is implied by such a one for a path below it (each folder
 *   on the way was resolved to itself), and so is that the folder is a directory.
 */
export function compactProbes(probes: Probe[]): Probe[] {
  const seen = new Set<string>();
  const distinct = probes.filter((x) => {
    const key = `${x.k}\0${x.p}\0${x.r}\0${x.m ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const marked = new Set(distinct.filter((x) => x.k === 'file' && x.m !== undefined).map((x) => x.p));
  const read = new Set(distinct.filter((x) => x.k === 'file').map((x) => x.p));
  // Paths whose real path must be themselves (those of marked files stand for their folder's);
  // only the deepest need checking, and every path above one is sure to be a directory.
  const canonical = new Set<string>();
  const folders = new Set<string>();
  for (const x of distinct) {
    if (x.k !== 'real' || x.r !== x.p) continue;
    const p = marked.has(x.p) ? dirname(x.p) : x.p;
    canonical.add(p);
    if (p !== x.p) folders.add(p);
  }
  const above = new Set<string>();
  for (const c of canonical) {
    for (let cur = c, d = dirname(c); d !== cur && !above.has(d); cur = d, d = dirname(d)) above.add(d);
  }
  for (const d of above) folders.add(d);
  const kept: Probe[] = [];
  for (const c of canonical) if (!above.has(c)) kept.push({ k: 'real', p: c, r: c });
  for (const x of distinct) {
    if (x.k === 'real' && x.r === x.p) continue;
    if (x.k === 'exists' && x.r === '1' && read.has(x.p)) continue;
    if (x.k === 'dir' && x.r === '0' && read.has(x.p)) continue;
    if (x.k === 'dir' && x.r === '1' && folders.has(x.p)) continue;
    kept.push(x);
  }
  return kept;
}

export function probeReal(abs: string): string {
  try {
    // The native call is one realpath(3) where the JS one lstats every component of the path:
    // a build asks for thousands of real paths, and so does every warm run checking them.
    return realpathSync.native(abs);
  } catch {
    return '';
  }
}

export function probeDir(abs: string): string {
  // access(2) of the path with a slash succeeds for a directory only (following links, as stat
  // does): a third of a stat's cost, where a build and every warm run check hundreds of folders.
  return existsSync(abs + '/') ? '1' : '0';
}

export function probeExists(abs: string): string {
  return existsSync(abs) ? '1' : '0';
}

const requireBuiltin = createRequire(import.meta.url);

/** What kfm uses of node:crypto (declared here so that kfm's types need no @types/node). */
export interface Hasher {
  createHash(algorithm: string): HashLike;
}

/** A hash being fed, as node:crypto's Hash. */
export interface HashLike {
  update(data: string | Uint8Array): HashLike;
  digest(encoding: 'hex'): string;
}
let cryptoModule: Hasher | undefined;

/**
 * node:crypto, loaded on first use: a warm build that finds its inputs unchanged by their stat
 * marks never needs it, and loading it cost 6 to 9 ms of that build's 150.
 */
export function nodeCrypto(): Hasher {
  return (cryptoModule ??= requireBuiltin('node:crypto') as Hasher);
}

/** Loads a builtin module when first asked for (see {@link nodeCrypto}). */
export function builtin<T>(name: string): T {
  return requireBuiltin(name) as T;
}

/** The SHA-1 of a file's content (or any text or bytes), in hex. */
export function contentDigest(data: string | Uint8Array): string {
  return nodeCrypto().createHash('sha1').update(data).digest('hex');
}

/**
 * True when every probe finds what it found before. A remote record holds while it is fresh
 * (see remote/record.ts): a branch that may have moved makes the build run again.
 */
export function probesHold(probes: Probe[], freshness: Freshness = freshnessFromEnv()): boolean {
  for (const x of probes) {
    let now: string;
    switch (x.k) {
      case 'real': now = probeReal(x.p); break;
      case 'dir': now = probeDir(x.p); break;
      case 'exists': now = probeExists(x.p); break;
      case 'remote':
        if (!recordHolds(x.p, x.r, freshness)) return false;
        continue;
      case 'file':
        if (!fileHolds(x)) return false;
        continue;
    }
    if (now !== x.r) return false;
  }
  return true;
}
