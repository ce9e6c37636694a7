/**
 * What a builtin step sees of the kustomization it runs for.
 */
import type { FieldSpecTables } from '../fieldspec/index.js';
import type { Kustomization } from '../kustomization/schema.js';
import type { MergeSchema } from '../merge/index.js';
import type { Value } from '../yaml/index.js';

/** The file reads a builtin makes (build/loader.ts Loader, under its load restrictions). */
export interface FileSource {
  isDir(abs: string): boolean;
  /** The real path of `p` resolved against `dir`, or undefined if it does not exist. */
  real(dir: string, p: string): string | undefined;
  /** A file's text, read once per build. */
  text(abs: string, from?: string, field?: string): string;
  /** The absolute path of `p` relative to `root`; `from` and `field` name the asker in errors. */
  resolveFile(root: string, p: string, from: string, field: string): string;
  bytes(abs: string, from?: string, field?: string): Buffer;
  documents(abs: string, from?: string, field?: string): Value[];
}

/** The schema choice of a build, shared by all its kustomizations (see build/openapi.ts). */
export interface OpenApiState {
  /** True once a kustomization has chosen (later choices are ignored). */
  chosen: boolean;
  /** A custom schema; undefined means the built-in one. */
  schema?: MergeSchema;
}

/** One kustomization being built. */
export interface TargetContext {
  /** The kustomization's directory (its root for load restrictions). */
  dir: string;
  /** The kustomization file, for messages. */
  file: string;
  k: Kustomization;
  /** Field-spec tables in force (built-ins plus `configurations` and `crds`). */
  tables: FieldSpecTables;
  loader: FileSource;
  warn: (msg: string) => void;
  /** The build's OpenAPI schema choice (see build/openapi.ts); the built-in schema when absent. */
  openapi?: OpenApiState;
}
