/**
 * Reading a kustomization root: its kustomization file, and the checks on a local folder that a
 * kustomization names as another root.
 */
import { isAbsolute } from 'node:path';
import { BuildError } from '../errors.js';
import type { TargetContext } from '../transform/context.js';
import { readKustomization, type Kustomization } from '../kustomization/schema.js';
import { chooseOpenApi } from './openapi.js';
import type { BuildSession } from './context.js';

/** Reads and validates the kustomization file of `dir` (a real path). */
export function loadKustomization(
  dir: string, session: BuildSession, from?: string, field?: string,
): { k: Kustomization; file: string } {
  const file = session.loader.kustomizationFile(dir, from, field);
  if (!file) {
    throw new BuildError(
      `'${dir}' is a directory without a kustomization file (kustomization.yaml, kustomization.yml or Kustomization)`,
      { file: from ?? dir, field },
    );
  }
  // kustomize reads the first document and ignores any others.
  const docs = session.loader.kustomizationDocuments(file);
  const k = readKustomization(docs[0] ?? null, file, session.warn);
  chooseOpenApi(k, dir, file, session.loader, session.openapi);
  return { k, file };
}

/**
 * Checks a local folder a kustomization names as a root: kustomize refuses absolute paths, and a
 * folder named from a remote tree must lie in the same repository.
 */
export function checkLocalRoot(entry: string, dir: string, ctx: TargetContext, session: BuildSession, field: string, local: boolean): void {
  if (!local) return;
  if (isAbsolute(entry)) {
    throw new BuildError(`'${entry}' is an absolute path to a folder; kustomize accepts only relative paths to other kustomizations`, { file: ctx.file, field });
  }
  session.loader.containDir(ctx.dir, dir, entry, ctx.file, field);
}
