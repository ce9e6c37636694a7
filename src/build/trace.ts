/**
 * Types of the public build options that describe what a build reads. They live apart from the
 * loader so that the published declarations a consumer compiles need no Node type packages.
 */
import type { Value } from '../yaml/index.js';

/** kustomize's load restrictor names. */
export type LoadRestrictor = 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';

/** A remote entry as a build used it. */
export type RemoteUse =
  | { kind: 'dir'; from: string; entry: string; tree: string; cloneUrl: string; ref: string; subdir: string }
  | { kind: 'file'; from: string; entry: string; body: Uint8Array };

/** What a build used, for copying it elsewhere (`kfm localize`). */
export interface BuildTrace {
  /** Real paths of every file read. */
  reads: Set<string>;
  /** Every remote entry, with the kustomization file that named it. */
  remotes: RemoteUse[];
}

/**
 * Parsed documents remembered across builds, keyed by a file's content digest and the way it was
 * read, so that a build re-parses only the files that changed (see cli/parsecache.ts).
 */
export interface ParseMemo {
  /** Documents of that content read that way (fresh objects the caller may edit), if remembered. */
  get(digest: string, reading: string): Value[] | undefined;
  /** Offers documents just parsed, before anyone edits them. */
  set(digest: string, reading: string, docs: Value[]): void;
}
