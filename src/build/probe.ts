/**
 * What a build looked at on disk, as fingerprints that can be checked again cheaply: real paths,
 * directory checks, file existence and file contents (SHA-1). A build whose probes all answer the
 * same again has the same output, which is what the CLI's output cache relies on. Kept free of the
 * build's heavy imports so that a cache hit loads almost nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { freshnessFromEnv, recordHolds, type Freshness } from '../remote/record.js';

/** One look at the file system and what it found. */
export interface Probe {
  /** real path, is a directory, exists, content, a remote cache record (p: its path). */
  k: 'real' | 'dir' | 'exists' | 'file' | 'remote';
  p: string;
  r: string;
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
  try {
    return statSync(abs).isDirectory() ? '1' : '0';
  } catch {
    return '0';
  }
}

export function probeExists(abs: string): string {
  return existsSync(abs) ? '1' : '0';
}

export function contentDigest(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
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
        try {
          now = contentDigest(readFileSync(x.p));
        } catch {
          return false;
        }
        break;
    }
    if (now !== x.r) return false;
  }
  return true;
}
