/**
 * The parse cache: a file's parsed documents kept across builds, keyed by kfm's build id, the way
 * the file was read and the digest of its content, so that a build in which one file changed
 * parses only that file again. Entries live in the `parse` folder of kfm's cache, private like the
 * output cache's, each one JSON text after a first line holding its digest: an entry changed by
 * hand or cut short fails that check and is parsed again.
 *
 * JSON, not v8.serialize: on the Kubeflow tree JSON.parse reads the entries in about half the
 * time v8.deserialize takes (and both about twenty times faster than parsing the YAML). What
 * JSON cannot hold (big integers, NaN, infinities, -0) is not cached: such a file is parsed again.
 *
 * Parsed Secrets, and kustomizations with a secretGenerator, are not written unless
 * KFM_CACHE_SECRETS=1, as the output cache keeps no generated Secret.
 */
import { join } from 'node:path';
import type { ParseMemo } from '../build/trace.js';
import { contentDigest } from '../build/probe.js';
import { readRegular } from '../regularfile.js';
import type { Value } from '../yaml/index.js';
import { isMap, mappingsFromJson } from '../yaml/map.js';
import { hasJsonTexts } from '../yaml/jsontext.js';
import { ensureDir, kfmDigest, writePrivate } from './cache.js';
import { PARSE_DIR, pruneCache } from './cache-admin.js';

/** True when JSON gives back exactly this value. */
function jsonSafe(v: Value): boolean {
  const stack: Value[] = [v];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x === 'number') {
      if (!Number.isFinite(x) || Object.is(x, -0)) return false;
    } else if (typeof x === 'bigint') {
      return false;
    } else if (x !== null && typeof x === 'object') {
      for (const y of Array.isArray(x) ? x : Object.values(x)) stack.push(y);
    }
  }
  return true;
}

/**
 * True when the reader noted what a JSON patch would make of a document's annotations (values
 * written plain that JSON types, see yaml/jsontext.ts): notes are not cached, so such a file, a
 * rare one, is parsed each time.
 */
function holdsJsonTexts(doc: Value): boolean {
  if (!isMap(doc)) return false;
  if (isMap(doc.metadata) && hasJsonTexts(doc.metadata.annotations)) return true;
  return Array.isArray(doc.items) && doc.items.some(holdsJsonTexts);
}

/** True when a document is a Secret, a List holding one, or a kustomization generating one. */
function holdsSecrets(doc: Value): boolean {
  if (!isMap(doc)) return false;
  if (doc.kind === 'Secret' || doc.secretGenerator !== undefined) return true;
  return Array.isArray(doc.items) && doc.items.some(holdsSecrets);
}

/** The parse cache of one kfm run, in the cache folder `root`. */
export class ParseCache implements ParseMemo {
  private readonly dir: string;
  private readonly pending = new Map<string, string>();

  constructor(root: string) {
    this.dir = join(root, PARSE_DIR);
  }

  private path(digest: string, reading: string): string {
    return join(this.dir, `${contentDigest(`${kfmDigest()}\0${reading}\0${digest}`)}.json`);
  }

  get(digest: string, reading: string): Value[] | undefined {
    try {
      // Hashed as bytes and decoded once: no string is encoded again for the check.
      // A regular file only (a FIFO put in its place must not hold the build), within the size limit.
      const raw = readRegular(this.path(digest, reading));
      if (raw[40] !== 10 || raw.toString('latin1', 0, 40) !== contentDigest(raw.subarray(41))) return undefined;
      const body = raw.toString('utf8', 41);
      const docs = JSON.parse(body) as unknown;
      return Array.isArray(docs) ? mappingsFromJson(docs as Value[]) : undefined;
    } catch {
      return undefined;
    }
  }

  set(digest: string, reading: string, docs: Value[]): void {
    if (process.env.KFM_CACHE_SECRETS !== '1' && docs.some(holdsSecrets)) return;
    if (!jsonSafe(docs) || docs.some(holdsJsonTexts)) return;
    this.pending.set(this.path(digest, reading), JSON.stringify(docs));
  }

  /** Writes the entries parsed in this run; a cache that cannot be written is no cache. */
  flush(): void {
    if (!this.pending.size) return;
    try {
      if (!ensureDir(this.dir)) return;
      for (const [path, body] of this.pending) writePrivate(path, [contentDigest(body) + '\n', body]);
      pruneCache(join(this.dir, '..'));
    } catch {
      // As above.
    }
    this.pending.clear();
  }
}
