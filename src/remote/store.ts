/**
 * The remote cache, in `<cache>/remote`:
 *
 *   refs/<key>.json   what a repository's ref resolved to (a commit), and when (record.ts)
 *   trees/<commit>    the files of that commit, shared by every build and URL that asks for it
 *   urls/<key>.json   what a plain HTTP(S) URL answered: a file (its digest) or 'git'
 *   blobs/<digest>    the content of fetched files
 *   tmp/              work folders; finished entries are moved into place with one rename
 *
 * A tag or commit is fetched once. A branch (or HEAD) is checked again with `git ls-remote`
 * after the TTL, and fetched only when it moved. Offline, only the cache is used. Everything is
 * written to a fresh name and renamed, so concurrent builds never see a half-written entry; a
 * record that cannot be read is a miss.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readRegular } from '../regularfile.js';
import { join } from 'node:path';
import { cacheRoot } from '../cachedir.js';
import type { Probe } from '../build/probe.js';
import { GitError, GitRunner } from './git.js';
import { httpGet } from './http.js';
import { DEFAULT_TTL_SECONDS, isFresh, readRecord, type Freshness, type RemoteRecord } from './record.js';
import type { RepoSpec } from './url.js';

/** Options for remote references (the typed API's `remote` option). */
export interface RemoteOptions {
  /** The remote cache folder; default `<kfm cache>/remote` (see cachedir.ts). */
  cacheDir?: string;
  /** Build only from the cache; a miss is an error. */
  offline?: boolean;
  /** Seconds a branch, HEAD or plain URL answer is trusted before it is checked again (default 300). */
  ttlSeconds?: number;
  /** Limit on a plain HTTP(S) request, in milliseconds (default 27 s, as for git). */
  httpTimeoutMs?: number;
}

/** A remote failure worded for the user; the build adds the file and field. */
export class RemoteError extends Error {
  readonly code = 'KFM_REMOTE';
}

const SHA = /^[0-9a-f]{40}$/;

function key(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 40);
}

/** Writes `data` to `path` through a temporary name, so readers see all of it or nothing. */
function writeAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** What a plain HTTP(S) URL is: a file's content, or (by its answer) a git repository. */
export type UrlAnswer =
  | { kind: 'file'; body: Uint8Array }
  | { kind: 'git' }
  | { kind: 'status'; status: number; statusText: string }
  | { kind: 'failure'; message: string };

/** The remote cache of one build. */
export class RemoteStore {
  readonly dir: string;
  readonly git = new GitRunner();
  private readonly freshness: Freshness;
  private readonly httpTimeoutMs: number;
  /** Trees already resolved in this build, by clone URL, ref and submodule choice. */
  private resolved = new Map<string, string>();

  /** @param probes receives a probe for each record a build relied on (see probe.ts). */
  constructor(options: RemoteOptions = {}, private readonly probes?: Probe[]) {
    this.dir = options.cacheDir ?? join(cacheRoot(), 'remote');
    this.freshness = { offline: options.offline ?? false, ttlSeconds: options.ttlSeconds ?? DEFAULT_TTL_SECONDS };
    this.httpTimeoutMs = options.httpTimeoutMs ?? 27_000;
  }

  private path(...parts: string[]): string {
    const p = join(this.dir, ...parts);
    mkdirSync(join(p, '..'), { recursive: true });
    return p;
  }

  private note(recordPath: string, r: RemoteRecord): void {
    if (r.mutable) this.probes?.push({ k: 'remote', p: recordPath, r: r.value });
  }

  private offlineMiss(what: string): RemoteError {
    return new RemoteError(
      `offline, and '${what}' is not in the remote cache (${this.dir}); build once online, or use 'kfm localize' to keep a copy`,
    );
  }

  /** The real path of the tree of the commit `spec` names, fetched if needed. */
  tree(spec: RepoSpec): string {
    const memo = [spec.cloneUrl, spec.ref, spec.submodules].join('\0');
    const known = this.resolved.get(memo);
    if (known) return known;
    const found = this.resolveTree(spec);
    const real = realpathSync(found);
    this.resolved.set(memo, real);
    return real;
  }

  private treePath(commit: string, spec: RepoSpec): string {
    return this.path('trees', commit + (spec.submodules ? '' : '-nosub'));
  }

  private resolveTree(spec: RepoSpec): string {
    const ref = spec.ref;
    if (SHA.test(ref)) {
      const t = this.treePath(ref, spec);
      if (isDir(t)) return t;
    }
    const recPath = this.path('refs', key(spec.cloneUrl, ref) + '.json');
    const rec = readRecord(recPath);
    if (rec && SHA.test(rec.value) && isDir(this.treePath(rec.value, spec))) {
      if (isFresh(rec, this.freshness)) {
        this.note(recPath, rec);
        return this.treePath(rec.value, spec);
      }
      if (!this.freshness.offline && rec.refName) {
        // A branch past its TTL: one cheap question to the server, a fetch only if it moved.
        const now = this.lsRemote(spec, rec.refName);
        if (now === rec.value) {
          const again = { ...rec, checkedAt: Date.now() };
          writeAtomic(recPath, JSON.stringify(again));
          this.note(recPath, again);
          return this.treePath(rec.value, spec);
        }
      }
    }
    if (this.freshness.offline) throw this.offlineMiss(spec.raw);
    const fetched = this.fetch(spec);
    const next: RemoteRecord = { value: fetched.commit, mutable: fetched.refName !== undefined, refName: fetched.refName, checkedAt: Date.now() };
    writeAtomic(recPath, JSON.stringify(next));
    this.note(recPath, next);
    return this.treePath(fetched.commit, spec);
  }

  private lsRemote(spec: RepoSpec, refName: string): string | undefined {
    const out = this.git.run(['ls-remote', spec.cloneUrl, refName], undefined, spec.timeoutMs, spec.cloneUrl, spec.ref);
    for (const line of out.split('\n')) {
      const [sha, name] = line.split('\t');
      if (name === refName) return sha;
    }
    return undefined;
  }

  /**
   * Fetches one commit shallowly (as kustomize does) into a work folder, checks it out, and moves
   * its files into trees/. Returns the commit and, for a ref that can move, its full name.
   */
  private fetch(spec: RepoSpec): { commit: string; refName?: string } {
    const work = mkdtempSync(this.path('tmp', 'f-'));
    const run = (args: string[]) => this.git.run(args, work, spec.timeoutMs, spec.cloneUrl, spec.ref);
    try {
      run(['init', '-q']);
      const want = spec.ref || 'HEAD';
      try {
        run(['fetch', '-q', '--depth=1', spec.cloneUrl, want]);
      } catch (e) {
        // Some servers refuse a commit id that is not a ref's tip; then fetch everything.
        if (!(e instanceof GitError) || !/^[0-9a-f]{4,40}$/.test(want)) throw e;
        run(['fetch', '-q', spec.cloneUrl, '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*']);
        run(['update-ref', 'FETCH_HEAD', `${want}^{commit}`]);
      }
      run(['checkout', '-q', 'FETCH_HEAD']);
      // Detached at the commit itself, even when the ref was an annotated tag.
      const commit = readFileSync(join(work, '.git', 'HEAD'), 'utf8').trim();
      if (!SHA.test(commit)) throw new RemoteError(`fetching '${spec.cloneUrl}' left no commit checked out; try again`);
      const refName = this.movingRefName(work, spec);
      const target = this.treePath(commit, spec);
      if (isDir(target)) return { commit, refName };
      if (spec.submodules && existsSync(join(work, '.gitmodules'))) {
        // Relative submodule URLs are resolved against origin.
        run(['remote', 'add', 'origin', spec.cloneUrl]);
        run(['submodule', 'update', '-q', '--init', '--recursive']);
      }
      rmSync(join(work, '.git'), { recursive: true, force: true });
      try {
        renameSync(work, target);
      } catch (e) {
        // Another build put the same commit in place first: theirs is as good as ours.
        if (!isDir(target)) throw e;
      }
      return { commit, refName };
    } catch (e) {
      if (e instanceof GitError) throw new RemoteError(e.message);
      throw e;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  /** From FETCH_HEAD: the full name of a branch or HEAD (which may move); undefined for tags and ids. */
  private movingRefName(work: string, spec: RepoSpec): string | undefined {
    if (SHA.test(spec.ref)) return undefined;
    if (!spec.ref) return 'HEAD';
    let line = '';
    try {
      line = readFileSync(join(work, '.git', 'FETCH_HEAD'), 'utf8').split('\n')[0];
    } catch {
      return undefined;
    }
    const desc = line.split('\t')[2] ?? '';
    const branch = /^branch '(.*)' of /.exec(desc);
    if (branch) return `refs/heads/${branch[1]}`;
    if (/^tag '/.test(desc)) return undefined;
    const named = /^'(.*)' of /.exec(desc);
    if (named && !/^refs\/tags\//.test(named[1])) return named[1];
    return undefined;
  }

  /**
   * What a plain HTTP(S) URL answers. A file is remembered (for the TTL, or forever offline); so is
   * the fact that a URL is a git repository, so that later builds skip the request.
   */
  url(url: string): UrlAnswer {
    const recPath = this.path('urls', key(url) + '.json');
    const rec = readRecord(recPath);
    if (rec && isFresh(rec, this.freshness)) {
      if (rec.value === 'git') {
        this.note(recPath, rec);
        return { kind: 'git' };
      }
      try {
        const body = readRegular(join(this.dir, 'blobs', rec.value));
        if (createHash('sha256').update(body).digest('hex') === rec.value) {
          this.note(recPath, rec);
          return { kind: 'file', body };
        }
      } catch {
        // A missing or damaged blob is fetched again.
      }
    }
    if (this.freshness.offline) return { kind: 'failure', message: this.offlineMiss(url).message };
    const a = httpGet(url, this.httpTimeoutMs);
    if ('failure' in a) return { kind: 'failure', message: a.failure };
    if (a.status < 200 || a.status > 299) return { kind: 'status', status: a.status, statusText: a.statusText };
    const digest = createHash('sha256').update(a.body).digest('hex');
    writeAtomic(this.path('blobs', digest), a.body);
    const next: RemoteRecord = { value: digest, mutable: true, checkedAt: Date.now() };
    writeAtomic(recPath, JSON.stringify(next));
    this.note(recPath, next);
    return { kind: 'file', body: a.body };
  }

  /** Remembers that `url` is a git repository (its plain GET gave no resource file). */
  rememberGit(url: string): void {
    const recPath = this.path('urls', key(url) + '.json');
    const next: RemoteRecord = { value: 'git', mutable: true, checkedAt: Date.now() };
    writeAtomic(recPath, JSON.stringify(next));
    this.note(recPath, next);
  }
}
