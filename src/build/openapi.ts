/**
 * The `openapi` field. kustomize keeps one schema for a whole build: the first kustomization
 * loaded (the top one first, then bases and components in the order they are reached) that
 * names a schema sets it, and every strategic merge from then on uses it.
 */
import { BuildError } from '../errors.js';
import { mergeSchemaFromOpenApi, type MergeSchema } from '../merge/index.js';
import { parseOne } from '../yaml/index.js';
import type { Kustomization } from '../kustomization/schema.js';
import type { Loader } from './loader.js';
import type { OpenApiState } from '../transform/context.js';

export type { OpenApiState } from '../transform/context.js';

/** The built-in schema version kustomize ships (the only one `openapi.version` may name). */
export const BUILTIN_OPENAPI_VERSION = 'v1.21.2';

/** Applies a freshly loaded kustomization's `openapi` field to the build's state. */
export function chooseOpenApi(k: Kustomization, dir: string, file: string, loader: Loader, state: OpenApiState): void {
  const o = k.openapi;
  if (!o) return;
  // kustomize reads the file before it looks at whether a schema was already chosen.
  let abs: string | undefined;
  if ('path' in o) {
    abs = loader.resolveFile(dir, o.path, file, 'openapi.path');
    loader.text(abs, file, 'openapi.path');
  }
  if (state.chosen) return;
  if (abs !== undefined) {
    if ('version' in o) {
      throw new BuildError("give either 'path' (a custom schema) or 'version' (the built-in one), not both", { file, field: 'openapi' });
    }
    state.schema = mergeSchemaFromOpenApi(parseOne(loader.text(abs), abs), abs);
    state.chosen = true;
    return;
  }
  if (!o.version) return;
  if (o.version !== BUILTIN_OPENAPI_VERSION) {
    throw new BuildError(`OpenAPI version '${o.version}' is not built in (kustomize has ${BUILTIN_OPENAPI_VERSION})`, { file, field: 'openapi.version' });
  }
  state.chosen = true;
}
