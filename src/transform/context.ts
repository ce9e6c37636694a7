/**
 * What a builtin step sees of the kustomization it runs for.
 */
import type { FieldSpecTables } from '../fieldspec/index.js';
import type { Kustomization } from '../build/kustomization.js';
import type { Loader } from '../build/loader.js';
import type { OpenApiState } from '../build/openapi.js';

/** One kustomization being built. */
export interface TargetContext {
  /** The kustomization's directory (its root for load restrictions). */
  dir: string;
  /** The kustomization file, for messages. */
  file: string;
  k: Kustomization;
  /** Field-spec tables in force (built-ins plus `configurations` and `crds`). */
  tables: FieldSpecTables;
  loader: Loader;
  warn: (msg: string) => void;
  /** The build's OpenAPI schema choice (see build/openapi.ts); the built-in schema when absent. */
  openapi?: OpenApiState;
}
