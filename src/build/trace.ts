/**
 * Types of the public build options that describe what a build reads. They live apart from the
 * loader so that the published declarations a consumer compiles need no Node type packages.
 */

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
