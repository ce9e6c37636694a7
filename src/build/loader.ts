/**
 * File access for a build: load restrictions, reading each file's text once, and parsing each YAML
 * file once (later users get a copy, so transformers may edit what they receive).
 */
import { isUtf8 } from 'node:buffer';
import { join, relative, resolve, isAbsolute, sep } from 'node:path';
import { parseAll, type Value } from '../yaml/index.js';
import { BuildError } from '../errors.js';
import { KUSTOMIZATION_FILE_NAMES } from '../kustomization/schema.js';
import { contentDigest, statMark, type Probe } from './probe.js';
import { newMap } from '../yaml/map.js';
import { nodeFileSystem, type FileSystem } from './fs.js';
import type { BuildTrace, LoadRestrictor, ParseMemo } from './trace.js';
import { RemoteStore, type RemoteOptions } from '../remote/store.js';

/** `v3` with the booleans that YAML 1.1 reading (`v11`, the same text) found where v3 found strings. */
function withYaml11Bools(v3: Value, v11: Value): Value {
  if (typeof v11 === 'boolean' && typeof v3 === 'string') return v11;
  if (Array.isArray(v3) && Array.isArray(v11)) return v3.map((x, i) => withYaml11Bools(x, v11[i]));
  if (v3 && v11 && typeof v3 === 'object' && typeof v11 === 'object' && !Array.isArray(v3) && !Array.isArray(v11)) {
    const k3 = Object.keys(v3);
    const k11 = Object.keys(v11);
    if (k3.length !== k11.length) return v3;
    const out = newMap();
    k3.forEach((k, i) => { out[k] = withYaml11Bools(v3[k], v11[k11[i]]); });
    return out;
  }
  return v3;
}

/** `bytes` as a Buffer over the same memory (no copy), for Buffer's text and comparison methods. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function isOutside(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel);
}

/** Reads files for one build; shared by every kustomization in it. */
export class Loader {
  /** When set, records what the build used. */
  trace?: BuildTrace;
  /** When set, parsed documents come from and go to it. */
  parsed?: ParseMemo;
  private texts = new Map<string, string>();
  /** Content digests of the files read, when probes or the parse memo need them. */
  private digests = new Map<string, string>();
  /** Real paths of the remote trees (on the machine's disk) this build uses. */
  private remoteTrees: string[] = [];
  private store?: RemoteStore;

  /**
   * @param probes when given, every look at the file system is recorded there (see probe.ts), so
   * that a caller can tell later whether the inputs are unchanged.
   * @param fs where local paths are read from; remote trees are always on the machine's disk.
   * @param remoteOptions how the remote cache is used; `onRemote` hears when it is first opened.
   */
  constructor(
    readonly restrictor: LoadRestrictor = 'LoadRestrictionsRootOnly',
    readonly probes?: Probe[],
    private readonly fs: FileSystem = nodeFileSystem,
    private readonly remoteOptions?: RemoteOptions,
    private readonly onRemote?: (store: RemoteStore) => void,
  ) {}

  /** The remote cache, opened on first use (a build without remote entries never touches it). */
  remote(): RemoteStore {
    if (!this.store) {
      this.store = new RemoteStore(this.remoteOptions, this.probes);
      this.onRemote?.(this.store);
    }
    return this.store;
  }

  private note(k: Probe['k'], p: string, r: string, m?: string): string {
    // Remote trees never change under a commit; the remote cache's own probe stands for them.
    if (this.probes && !this.remoteTreeOf(p)) this.probes.push(m === undefined ? { k, p, r } : { k, p, r, m });
    return r;
  }

  private fsOf(abs: string): FileSystem {
    return this.remoteTreeOf(abs) ? nodeFileSystem : this.fs;
  }

  /** Makes `tree` (a real path) a remote tree: read from disk, and a root no file may leave. */
  addRemoteTree(tree: string): void {
    if (!this.remoteTrees.includes(tree)) this.remoteTrees.push(tree);
  }

  /** The remote tree that holds `abs`, if any. */
  remoteTreeOf(abs: string): string | undefined {
    return this.remoteTrees.find((t) => abs === t || abs.startsWith(t + sep));
  }

  /**
   * Refuses a directory `dir` that a kustomization in `fromDir` names when it leaves the remote
   * tree `fromDir` lies in, as kustomize does for cloned repositories.
   */
  containDir(fromDir: string, dir: string, entry: string, from: string, field: string): void {
    const tree = this.remoteTreeOf(fromDir);
    if (tree && this.remoteTreeOf(dir) !== tree) {
      throw new BuildError(
        `'${entry}' leads outside the remote repository this kustomization came from; a remote kustomization may only use directories of its own repository`,
        { file: from, field },
      );
    }
  }

  /** The real path of `p` resolved against `dir`, or undefined if it does not exist. */
  real(dir: string, p: string): string | undefined {
    const abs = isAbsolute(p) ? p : resolve(dir, p);
    let r = this.looks.get('real\0' + abs);
    if (r === undefined) this.looks.set('real\0' + abs, (r = this.fsOf(abs).realPath(abs) ?? ''));
    return this.note('real', abs, r) || undefined;
  }

  isDir(abs: string): boolean {
    let r = this.looks.get('dir\0' + abs);
    if (r === undefined) this.looks.set('dir\0' + abs, (r = this.fsOf(abs).isDir(abs) ? '1' : '0'));
    return this.note('dir', abs, r) === '1';
  }

  /**
   * Real paths and directory checks already made in this build: a build asks for the same ones
   * many times (each root's real path for every file it names), about half of its 1,500 on the
   * Kubeflow tree. The tree is taken to hold still while it is built, as kustomize does.
   */
  private looks = new Map<string, string>();

  /** The kustomization file of a directory, or undefined; more than one is an error. */
  kustomizationFile(dir: string, from?: string, field?: string): string | undefined {
    const found = KUSTOMIZATION_FILE_NAMES.filter((n) => this.note('exists', join(dir, n), this.fsOf(dir).exists(join(dir, n)) ? '1' : '0') === '1');
    for (const n of found) this.checkInsideRoot(dir, n, from, field);
    if (found.length > 1) {
      throw new BuildError(
        `found multiple kustomization files in ${dir}: ${found.join(', ')}; keep one`,
        { file: from ?? dir, field },
      );
    }
    return found.length ? join(dir, found[0]) : undefined;
  }

  /**
   * A kustomization file that is a link to a file outside its directory is refused under
   * LoadRestrictionsRootOnly, as kustomize does.
   */
  private checkInsideRoot(dir: string, name: string, from?: string, field?: string): void {
    if (this.restrictor !== 'LoadRestrictionsRootOnly') return;
    const abs = this.real(dir, name);
    const realRoot = this.real(dir, '.') ?? dir;
    if (abs && isOutside(realRoot, abs)) {
      throw new BuildError(
        `kustomization file '${join(dir, name)}' links to '${abs}', outside the kustomization root; ` +
          'move it inside or build with --load-restrictor LoadRestrictionsNone',
        { file: from ?? join(dir, name), field },
      );
    }
  }

  /**
   * Resolves a file a kustomization names (`field` says where), enforcing the load restriction:
   * with RootOnly the file must lie inside the kustomization's root.
   */
  resolveFile(root: string, p: string, from: string, field: string): string {
    const abs = this.real(root, p);
    if (!abs) throw new BuildError(`file '${p}' does not exist (looked in ${root})`, { file: from, field });
    // A remote kustomization is always restricted to its own folder, whatever the user chose.
    const remote = this.remoteTreeOf(root);
    if (this.restrictor === 'LoadRestrictionsRootOnly' || remote) {
      const realRoot = this.real(root, '.') ?? root;
      if (isOutside(realRoot, abs)) {
        throw new BuildError(
          `file '${p}' is outside the kustomization root ${realRoot}; ` +
            (remote
              ? 'a remote kustomization may only read files inside its own folder'
              : 'move it inside or build with --load-restrictor LoadRestrictionsNone'),
          { file: from, field },
        );
      }
    }
    return abs;
  }

  /** A file's text, read once per build. */
  text(abs: string, from?: string, field?: string): string {
    const cached = this.texts.get(abs);
    if (cached !== undefined) return cached;
    return this.decode(abs, this.bytes(abs, from, field), from, field);
  }

  /** A file's bytes as its text (kept for the rest of the build). */
  private decode(abs: string, bytes: Buffer, from?: string, field?: string): string {
    // kustomize's reader refuses bytes that are not UTF-8 rather than replacing them.
    if (!isUtf8(bytes)) {
      throw new BuildError(`'${abs}' is not valid UTF-8 text (invalid leading UTF-8 octet); save it as UTF-8`, { file: from ?? abs, field });
    }
    const t = bytes.toString('utf8');
    this.texts.set(abs, t);
    return t;
  }

  /** A file's raw bytes (generators need binary data). */
  bytes(abs: string, from?: string, field?: string): Buffer {
    let b: Buffer;
    const fs = this.fsOf(abs);
    // Taken before reading: a change during or after the read then moves the mark away from it.
    const mark = this.probes && fs === nodeFileSystem ? statMark(abs) : undefined;
    try {
      b = asBuffer(fs.read(abs));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code ? err.message.replace(/^[A-Z]+: ([^,]+).*$/, '$1') : err.message;
      throw new BuildError(`cannot read '${abs}': ${why}`, { file: from, field });
    }
    if (this.probes || this.parsed) {
      const digest = contentDigest(b);
      this.digests.set(abs, digest);
      this.note('file', abs, digest, mark);
    }
    this.trace?.reads.add(abs);
    return b;
  }

  /**
   * The documents of a YAML file, freshly parsed for each caller (callers edit what they get; a
   * file is rarely used twice in one build, so re-parsing beats keeping pristine copies).
   */
  documents(abs: string, from?: string, field?: string): Value[] {
    return this.parse(abs, 'v3', (text) => parseAll(text, abs), from, field);
  }

  /** The documents of a kustomization file, typed as kustomize reads them (YAML 1.1 booleans). */
  kustomizationDocuments(abs: string): Value[] {
    return this.parse(abs, 'kustomization', (text) => this.kustomizationParse(abs, text));
  }

  /**
   * `parse` of the file's text, or the parse memo's copy of the same content read the same way.
   * The memo is asked with the bytes' digest before they are decoded: content it holds was valid
   * UTF-8 when it was first parsed, and decoding 5 MB the memo answers for cost a partially warm
   * build of the example about 20 ms.
   */
  private parse(abs: string, reading: string, parse: (text: string) => Value[], from?: string, field?: string): Value[] {
    if (!this.parsed) return parse(this.text(abs, from, field));
    let digest = this.digests.get(abs);
    let bytes: Buffer | undefined;
    if (digest === undefined) {
      bytes = this.bytes(abs, from, field);
      digest = this.digests.get(abs)!;
    }
    const known = this.parsed.get(digest, reading);
    if (known) return known;
    const text = this.texts.get(abs) ?? this.decode(abs, bytes ?? this.bytes(abs, from, field), from, field);
    const docs = parse(text);
    this.parsed.set(digest, reading, docs);
    return docs;
  }

  private kustomizationParse(abs: string, text: string): Value[] {
    const docs = parseAll(text, abs);
    // Values take YAML 1.1 booleans; keys stay as written (a key `n` is still 'n' in messages).
    if (!/(?:^|[\s:,[{-])(?:[yYnN]|[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF)(?:$|[\s,\]}#])/m.test(text)) return docs;
    const docs11 = parseAll(text, abs, { yaml11: true });
    return docs.map((d, i) => withYaml11Bools(d, docs11[i]));
  }
}
