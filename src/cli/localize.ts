/**
 * `kfm localize [DIR] [DEST]`: a copy of a kustomization tree that needs no network, as
 * `kustomize localize` makes. The tree is built once (fetching what is remote) while recording
 * every file read; those files are copied, remote trees and files go under
 * `DEST/localized-files/<host>/<path>/<ref>/`, and each remote entry in a copied kustomization
 * file is replaced by the relative path to its copy. Nothing else in those files changes.
 *
 * Only files inside DIR (and remote ones) can be copied: a tree that reads files beside DIR is
 * refused, so the copy is complete. The copy is made in a temporary folder and renamed into place.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import { build } from '../build/index.js';
import type { BuildTrace, RemoteUse } from '../build/trace.js';
import { BuildError } from '../errors.js';
import type { RemoteOptions } from '../remote/store.js';

/** Options of {@link localize}. */
export interface LocalizeOptions {
  remote?: RemoteOptions;
  onWarning?: (message: string) => void;
}

/** A path made of an address: scheme and user dropped, one safe segment per path part. */
function addressPath(address: string): string {
  const bare = address.replace(/^git::/i, '').replace(/^[a-z]+:\/\//i, '').replace(/^[a-zA-Z][a-zA-Z0-9-]*@/, '');
  return bare
    .split(/[/:?&=]+/)
    .filter((s) => s !== '' && s !== '.' && s !== '..')
    .map((s) => s.replace(/[^A-Za-z0-9._-]/g, '_'))
    .join('/');
}

function inside(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir + sep);
}

/** The folder a remote tree is copied to (relative to the copy's top). */
function treeCopy(u: Extract<RemoteUse, { kind: 'dir' }>): string {
  return join('localized-files', addressPath(u.cloneUrl), addressPath(u.ref || 'HEAD'));
}

/** Replaces the `resources`/`components`/`bases` items equal to a key of `to` in a kustomization's text. */
function rewriteEntries(text: string, to: Map<string, string>, file: string): string {
  // Loaded here so that `kfm build` never loads the document library.
  const { isMap, isScalar, isSeq, parseDocument } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const doc = parseDocument(text);
  const edits: Array<[number, number, string]> = [];
  const found = new Set<string>();
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (!isScalar(pair.key) || !['resources', 'components', 'bases'].includes(String(pair.key.value))) continue;
      if (!isSeq(pair.value)) continue;
      for (const item of pair.value.items) {
        if (!isScalar(item) || typeof item.value !== 'string' || !item.range) continue;
        const local = to.get(item.value);
        if (local === undefined) continue;
        edits.push([item.range[0], item.range[1], JSON.stringify(local)]);
        found.add(item.value);
      }
    }
  }
  const missed = [...to.keys()].find((e) => !found.has(e));
  if (missed !== undefined) {
    throw new BuildError(`kfm localize cannot rewrite '${missed}' in this file (written in a way it does not edit); vendor it by hand`, { file });
  }
  edits.sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [start, end, value] of edits) out = out.slice(0, start) + value + out.slice(end);
  return out;
}

/** Localizes `dir` into `dest` (default `localized-<name of dir>`); returns the folder written. */
export function localize(dir: string, dest: string | undefined, options: LocalizeOptions = {}): string {
  if (!existsSync(dir)) throw new BuildError(`'${dir}' does not exist`);
  const root = realpathSync(dir);
  const target = resolve(dest ?? `localized-${basename(root)}`);
  if (existsSync(target)) throw new BuildError(`'${target}' already exists; kfm localize writes a new folder: remove it or name another`);
  if (inside(target, root)) throw new BuildError(`'${target}' is inside '${root}'; put the copy beside the tree, not in it`);
  const trace: BuildTrace = { reads: new Set(), remotes: [] };
  build(dir, { remote: options.remote, onWarning: options.onWarning, trace });

  // Where each remote tree goes (a tree used through two addresses is copied twice).
  const trees = new Map<string, string[]>();
  for (const u of trace.remotes) {
    if (u.kind !== 'dir') continue;
    const list = trees.get(u.tree) ?? [];
    if (!list.includes(treeCopy(u))) list.push(treeCopy(u));
    trees.set(u.tree, list);
  }
  /** The copies (relative to the top of the copy) of a file the build read. */
  const copiesOf = (p: string): string[] => {
    if (inside(p, root)) return [relative(root, p)];
    for (const [tree, to] of trees) if (inside(p, tree)) return to.map((t) => join(t, relative(tree, p)));
    throw new BuildError(
      `'${p}' is outside '${root}'; kfm localize copies one folder and what it fetches: localize a folder that holds every local file the tree uses`,
    );
  };

  const files = new Map<string, string>(); // copy (relative) -> source
  for (const p of trace.reads) for (const c of copiesOf(p)) files.set(c, p);
  // Remote entries to rewrite, per copied kustomization file.
  const rewrites = new Map<string, Map<string, string>>();
  const fetched = new Map<string, Uint8Array>();
  for (const u of trace.remotes) {
    const local = u.kind === 'dir' ? join(treeCopy(u), u.subdir) : join('localized-files', addressPath(u.entry));
    if (u.kind === 'file') fetched.set(local, u.body);
    for (const copy of copiesOf(u.from)) {
      const m = rewrites.get(copy) ?? new Map<string, string>();
      const rel = relative(dirname(copy), local) || '.';
      m.set(u.entry, rel.split(sep).join('/'));
      rewrites.set(copy, m);
    }
  }

  const staging = mkdtempSync(join(dirname(target), '.kfm-localize-'));
  try {
    for (const [copy, src] of files) {
      const out = join(staging, copy);
      mkdirSync(dirname(out), { recursive: true });
      const to = rewrites.get(copy);
      if (to) writeFileSync(out, rewriteEntries(readFileSync(src, 'utf8'), to, src));
      else copyFileSync(src, out);
    }
    for (const [copy, body] of fetched) {
      mkdirSync(dirname(join(staging, copy)), { recursive: true });
      writeFileSync(join(staging, copy), body);
    }
    renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}
