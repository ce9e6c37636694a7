/**
 * The state of a build: the session every kustomization of one build shares (loader, warnings, the
 * stack of roots being built, the OpenAPI choice), and what one kustomization being built holds.
 */
import { relative } from 'node:path';
import { BuildError, CycleError, type ErrorPlace } from '../errors.js';
import { idText, type ResMap } from '../resource/index.js';
import type { FieldSpecTables } from '../fieldspec/index.js';
import type { TargetContext } from '../transform/context.js';
import type { Kustomization } from '../kustomization/schema.js';
import type { Loader } from './loader.js';
import type { OpenApiState } from './openapi.js';

export type { TargetContext } from '../transform/context.js';

/** State shared by every kustomization of one build. */
export interface BuildSession {
  loader: Loader;
  warn: (msg: string) => void;
  /** Kustomization roots being built, outermost first (to report cycles). */
  stack: string[];
  /** The build's OpenAPI schema choice. */
  openapi: OpenApiState;
}

/** What a kustomization hands to the one that includes it. */
export interface Accumulated {
  resMap: ResMap;
  tables: FieldSpecTables;
  k: Kustomization;
  ctx: TargetContext;
  /** vars declared here and below (resolved at the top). */
  vars: unknown[];
}

/** Builds the kustomization of a directory (a real path), named at `from`'s `field`. */
export type AccumulateDirectory = (dir: string, session: BuildSession, from?: string, field?: string) => Accumulated;

/** Runs `fn` with `dir` on the session's stack; a root that includes itself is a cycle error at `place`. */
export function withinRoot<T>(session: BuildSession, dir: string, place: ErrorPlace, fn: () => T): T {
  if (session.stack.includes(dir)) {
    const cycle = [...session.stack.slice(session.stack.indexOf(dir)), dir].map((d) => relative(process.cwd(), d) || '.');
    throw new CycleError(`kustomizations include each other in a cycle: ${cycle.join(' -> ')}`, place);
  }
  session.stack.push(dir);
  try {
    return fn();
  } finally {
    session.stack.pop();
  }
}

/**
 * kustomize hands the resources of a base or a component on to the parent by adding them to a new
 * list, which refuses one id twice (patches can make two ids equal); so does the top level, after
 * generated names got their hash suffix.
 */
export function refuseDuplicateIds(m: ResMap, ctx: Pick<TargetContext, 'file'>): void {
  const dup = m.firstDuplicate();
  if (!dup) return;
  throw new BuildError(
    `two resources end up with the id ${idText(dup[1].id())} (from ${dup[0].source} and ${dup[1].source}); ` +
      'a kustomization may not hand on one id twice (a patch probably renamed one onto the other)',
    { file: ctx.file },
  );
}
