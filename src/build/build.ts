/**
 * A whole build: accumulate the top kustomization, then the steps kustomize runs once at the top
 * (hash suffixes, name references, vars, local-config filtering, ordering), and the output.
 */

import { BuildError } from '../errors.js';
import type { Resource } from '../resource/index.js';
import { emitDocument, EmitError, findUnwritable, type YMap } from '../yaml/index.js';
import { checkRereadable, idText } from '../resource/index.js';
import { hashTransformer, sortOrderTransformer } from '../builtins/index.js';
import { fixNameReferences } from '../transform/namereference.js';
import { Loader } from './loader.js';
import type { BuildTrace, LoadRestrictor, ParseMemo } from './trace.js';
import type { Probe } from './probe.js';
import type { FileSystem } from './fs.js';
import type { RemoteOptions, RemoteStore } from '../remote/store.js';
import { accumulateDirectory } from './target.js';
import { refuseDuplicateIds, type BuildSession } from './context.js';
import { resolveVars } from './vars.js';
import { clearInternalAnnotations, finishMetadata } from './metadata.js';

/** Options of {@link build}. */
export interface BuildOptions {
  /** kustomize's load restrictor; default LoadRestrictionsRootOnly. */
  loadRestrictor?: LoadRestrictor;
  /** Receives warnings (deprecations) as kustomize prints them; default: ignored. */
  onWarning?: (message: string) => void;
  /** When given, receives every look the build takes at the file system (for output caching). */
  probes?: Probe[];
  /** kustomize's `--reorder`: `none` keeps input order; unset follows the kustomization's sortOptions. */
  reorder?: 'legacy' | 'none';
  /** kustomize's `--enable-managedby-label`: label every resource with the tool that built it. */
  managedByLabel?: boolean;
  /** Where local paths are read from; default the machine's file system (see fs.ts). */
  fs?: FileSystem;
  /** Remote references: cache folder, offline use, TTL (see remote/store.ts). */
  remote?: RemoteOptions;
  /** Receives the remote cache once the build opened it (for figures: its git call count). */
  onRemote?: (store: RemoteStore) => void;
  /** When given, receives every file read and every remote entry used (see `kfm localize`). */
  trace?: BuildTrace;
  /** When given, parsed files are taken from and offered to it (see {@link ParseMemo}). */
  parseMemo?: ParseMemo;
}

/** The result of a build: resources in output order. */
export interface BuildResult {
  resources: Resource[];
  /** The objects, in output order. */
  objects: YMap[];
  /** The rendered YAML stream, exactly as `kustomize build` prints it. */
  yaml(): string;
  /** The same stream in pieces (one per resource), for output too large for one string. */
  pieces(): Iterable<string>;
}

const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

/** Builds the kustomization at `dir`. Throws {@link BuildError} for bad input. */
export function build(dir: string, options: BuildOptions = {}): BuildResult {
  const loader = new Loader(options.loadRestrictor, options.probes, options.fs, options.remote, options.onRemote);
  loader.trace = options.trace;
  loader.parsed = options.parseMemo;
  const root = loader.real(process.cwd(), dir);
  if (!root) throw new BuildError(`'${dir}' does not exist`);
  if (!loader.isDir(root)) throw new BuildError(`'${dir}' is not a directory; kfm builds a kustomization directory`);
  const warned = new Set<string>();
  const session: BuildSession = {
    loader,
    stack: [],
    openapi: { chosen: false },
    warn: (msg) => {
      if (warned.has(msg)) return;
      warned.add(msg);
      options.onWarning?.(msg);
    },
  };
  const acc = accumulateDirectory(root, session);
  const m = acc.resMap;
  for (const r of m.all()) checkRereadable(r, { file: r.source }, 'at the end of the build');
  hashTransformer.apply(m, {}, acc.ctx);
  refuseDuplicateIds(m, acc.ctx);
  m.noteIds();
  fixNameReferences(m, acc.tables);
  resolveVars(m, acc.vars, acc.tables, session.warn);
  m.setAll(m.all().filter((r) => {
    const a = (r.obj.metadata as YMap | undefined)?.annotations as YMap | undefined;
    return !(a && a[LOCAL_CONFIG] === 'true');
  }));
  if (options.reorder && acc.k.sortOptions) {
    throw new BuildError(`--reorder and the top kustomization's 'sortOptions' both set the output order; drop one`, { file: acc.ctx.file });
  }
  if (options.reorder !== 'none') sortOrderTransformer.apply(m, acc.k.sortOptions, acc.ctx);
  const ordered = m.all();
  const k = options.managedByLabel ? { ...acc.k, buildMetadata: [...(acc.k.buildMetadata ?? []), 'managedByLabel'] } : acc.k;
  finishMetadata(ordered, k, acc.ctx.dir);
  ordered.forEach(clearInternalAnnotations);
  const objects = ordered.map((r) => r.obj);
  return {
    resources: ordered,
    objects,
    yaml: () => ordered.map(emitResource).join('---\n'),
    *pieces() {
      for (let i = 0; i < ordered.length; i++) yield (i ? '---\n' : '') + emitResource(ordered[i]);
    },
  };
}

/**
 * One resource in kustomize's output format. A value kustomize cannot print either (an infinite
 * number, a raw control character) is a user error naming the resource's file and the field.
 */
export function emitResource(r: Resource): string {
  try {
    return emitDocument(r.obj);
  } catch (e) {
    if (!(e instanceof EmitError)) throw e;
    const bad = findUnwritable(r.obj);
    throw new BuildError(`${idText(r.id())}: ${bad?.reason ?? e.message}`, { file: r.source, field: bad?.path });
  }
}


