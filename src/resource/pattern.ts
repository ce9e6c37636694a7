/**
 * Regular expressions from user input (patch targets, image names). kustomize compiles them with
 * Go's regexp: RE2 syntax (`(?i)`, no lookaround or backreferences) and matching in linear time,
 * so a pattern such as `(a+)+` cannot stall a build. RE2JS is a pure JavaScript port of RE2 (no
 * native build on install) with the same syntax and the same error texts.
 */
import { createRequire } from 'node:module';
import type { RE2JS as Re2Type } from 're2js';

// Loaded on first use: most builds never compile a pattern, and the engine takes a while to load.
let engine: typeof Re2Type | undefined;
const load = (): typeof Re2Type => (engine ??= (createRequire(import.meta.url)('re2js') as { RE2JS: typeof Re2Type }).RE2JS);

/** A compiled pattern. */
export interface Pattern {
  /** True when the pattern matches somewhere in `s` (anchor it to match the whole). */
  test(s: string): boolean;
}

/** Compiles `pattern` with RE2 syntax; throws an Error with Go's message when it is invalid. */
export function compilePattern(pattern: string): Pattern {
  try {
    return load().compile(pattern);
  } catch (e) {
    throw new Error((e as Error).message);
  }
}
