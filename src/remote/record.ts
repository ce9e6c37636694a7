/**
 * Records of the remote cache: what a ref or a URL resolved to, and when that was last checked.
 * Kept free of heavy imports: the output cache reads them on every hit (see build/probe.ts).
 */
import { readRegular } from '../regularfile.js';

/** What a ref (or a URL) resolved to. */
export interface RemoteRecord {
  /** A commit id, a content digest, or 'git' for a URL that is a repository. */
  value: string;
  /** False for tags and commit ids, which never move; true for branches, HEAD and plain URLs. */
  mutable: boolean;
  /** For a mutable git ref: the full ref name to ask the server for (`refs/heads/main`, `HEAD`). */
  refName?: string;
  /** When the value was last confirmed, in milliseconds since the epoch. */
  checkedAt: number;
}

/** How long a mutable record is trusted, and whether the network may be used at all. */
export interface Freshness {
  ttlSeconds: number;
  offline: boolean;
}

/** Default time a branch or URL answer is trusted before it is checked again. */
export const DEFAULT_TTL_SECONDS = 300;

/** The freshness the environment asks for: KFM_OFFLINE=1, KFM_REMOTE_TTL=SECONDS. */
export function freshnessFromEnv(env: Record<string, string | undefined> = process.env): Freshness {
  const ttl = env.KFM_REMOTE_TTL;
  return {
    offline: env.KFM_OFFLINE === '1' || env.KFM_OFFLINE === 'true',
    ttlSeconds: ttl !== undefined && /^\d+$/.test(ttl) ? Number(ttl) : DEFAULT_TTL_SECONDS,
  };
}

/** The record at `path`, or undefined when it is missing or not a record (a corrupt entry). */
export function readRecord(path: string): RemoteRecord | undefined {
  try {
    // A regular file only: a FIFO in the cache must not hold the build.
    const r = JSON.parse(readRegular(path).toString('utf8')) as RemoteRecord;
    if (typeof r.value !== 'string' || r.value === '' || typeof r.mutable !== 'boolean' || typeof r.checkedAt !== 'number') return undefined;
    return r;
  } catch {
    return undefined;
  }
}

/** True when a record can be used without asking the server again. */
export function isFresh(r: RemoteRecord, f: Freshness): boolean {
  return f.offline || !r.mutable || Date.now() - r.checkedAt <= f.ttlSeconds * 1000;
}

/** True when the record at `path` still says `value` and may be trusted without the network. */
export function recordHolds(path: string, value: string, f: Freshness): boolean {
  const r = readRecord(path);
  return r !== undefined && r.value === value && isFresh(r, f);
}
