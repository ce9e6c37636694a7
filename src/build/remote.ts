/**
 * Remote entries of `resources`, `components` and `bases`, in kustomize's order: an HTTP(S) URL is
 * first fetched as a resource file (unless it is plainly a repository address, see url.ts); when
 * it is not one (an error status, or not resource YAML) and it reads as a repository address, or
 * for any other repository address that is not a local file, the repository is fetched (through
 * the remote cache) and the folder after `//` is built.
 *
 * A remote tree is a root of its own: its files cannot leave their kustomization's folder, its
 * bases cannot leave the repository, and it cannot name `file://` repositories on this machine.
 */
import { BuildError } from '../errors.js';
import { parseAll, YamlSyntaxError, type Value } from '../yaml/index.js';
import { isHttpUrl, isPlainlyGit, parseRepoSpec } from '../remote/url.js';
import { RemoteError } from '../remote/store.js';
import { asBuffer } from './loader.js';
import type { TargetContext } from '../transform/index.js';
import type { BuildSession } from './context.js';

/** Where a remote entry led: a folder to build, or the documents of a fetched file. */
export type RemoteEntry = { kind: 'dir'; dir: string } | { kind: 'docs'; source: string; docs: Value[] };

function looksLikeResources(docs: Value[]): boolean {
  const present = docs.filter((d) => d !== null);
  return present.length > 0 && present.every((d) => typeof d === 'object' && !Array.isArray(d));
}

/**
 * Locates `entry` when it is remote; undefined when it is a local path (the caller handles it).
 * Throws a {@link BuildError} naming the URL and what to do when it cannot be fetched.
 */
export function locateRemote(entry: string, ctx: TargetContext, session: BuildSession, field: string): RemoteEntry | undefined {
  const http = isHttpUrl(entry);
  const spec = parseRepoSpec(entry);
  if (!http && !spec) return undefined;
  const loader = session.loader;
  if (!http) {
    // A local file by that name wins, as in kustomize.
    const abs = loader.real(ctx.dir, entry);
    if (abs && !loader.isDir(abs)) return undefined;
  }
  const place = { file: ctx.file, field };
  if (spec?.local && loader.remoteTreeOf(ctx.dir)) {
    throw new BuildError(`'${entry}' is a file:// repository named by a remote kustomization; a remote tree may not read this machine's files`, place);
  }
  const store = loader.remote();
  let asFile: string | undefined;
  let knownGit = false;
  if (http && !(spec && isPlainlyGit(entry))) {
    const a = store.url(entry);
    if (a.kind === 'file') {
      try {
        const docs = parseAll(asBuffer(a.body).toString('utf8'), entry);
        if (looksLikeResources(docs) || !spec) {
          loader.trace?.remotes.push({ kind: 'file', from: ctx.file, entry, body: a.body });
          return { kind: 'docs', source: entry, docs };
        }
        asFile = 'the answer is not resource YAML';
      } catch (e) {
        if (!(e instanceof YamlSyntaxError) || !spec) throw e;
        asFile = e.message;
      }
    } else if (a.kind === 'status') asFile = `HTTP ${a.status}${a.statusText ? ' ' + a.statusText : ''}`;
    else if (a.kind === 'failure') asFile = a.message;
    knownGit = a.kind === 'git';
    if (!spec) throw new BuildError(`cannot fetch '${entry}': ${asFile}`, place);
  }
  if (!spec) return undefined;
  if (spec.forcedGit) {
    session.warn(`Warning: the 'git::' prefix of '${entry}' is deprecated and ignored; remove it (kustomize will stop accepting it)`);
  }
  let tree: string;
  try {
    tree = store.tree(spec);
  } catch (e) {
    if (!(e instanceof RemoteError)) throw e;
    throw new BuildError(e.message + (asFile ? `; fetched as a file it gave: ${asFile}` : ''), place);
  }
  if (http && !knownGit && asFile !== undefined) store.rememberGit(entry);
  loader.addRemoteTree(tree);
  const at = spec.ref ? ` at '${spec.ref}'` : '';
  const dir = loader.real(tree, spec.subdir || '.');
  if (!dir) {
    throw new BuildError(`'${spec.subdir}' does not exist in '${spec.cloneUrl}'${at}; check the path after '//'`, place);
  }
  if (loader.remoteTreeOf(dir) !== tree) {
    throw new BuildError(`'${spec.subdir}' in '${spec.cloneUrl}'${at} leads outside the repository (a symbolic link); it cannot be used`, place);
  }
  if (!loader.isDir(dir)) {
    throw new BuildError(
      `'${spec.subdir}' in '${spec.cloneUrl}'${at} is a file; a remote base is a folder with a kustomization (for one file, use its raw HTTP(S) URL)`,
      place,
    );
  }
  loader.trace?.remotes.push({ kind: 'dir', from: ctx.file, entry, tree, cloneUrl: spec.cloneUrl, ref: spec.ref, subdir: spec.subdir });
  return { kind: 'dir', dir };
}
