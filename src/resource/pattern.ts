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

const LITERAL = /[A-Za-z0-9_/:@,=-]/;
/** A class of plain characters and ranges (`[a-zA-Z0-9_.{}-]`), read alike by both engines. */
const PLAIN_CLASS = /^\[\^?(?:[A-Za-z0-9_.{}](?:-[A-Za-z0-9_.{}])?)+-?\]/;

/**
 * The pattern as a JavaScript RegExp when it keeps to the part of RE2's syntax that JavaScript
 * reads the same way (names and paths, `.`, anchors, groups, alternation, plain classes, one
 * quantifier after an atom) and cannot make JavaScript's backtracking slow, else undefined. Image
 * names and patch targets nearly always do; this spares loading and compiling RE2JS, about 80 ms
 * of the Kubeflow example's build. RE2's `.` stops only at a line feed (JavaScript's also at CR,
 * U+2028 and U+2029), so it becomes `[^\n]`, and the `u` flag makes it take a whole code point,
 * as RE2's does. Only whether a pattern matches is asked, so leftmost-first against
 * leftmost-longest matching does not matter.
 */
function sharedRegExp(pattern: string): RegExp | undefined {
  let js = '';
  // Whether the last token may take a quantifier (RE2 refuses `**`, `^*`, `(*`...).
  let atom = false;
  // JavaScript backtracks where RE2 runs in linear time: a repeated group (`(a+)+`) or many
  // unbounded repeats could take exponential or high polynomial time, so those stay with RE2.
  let unbounded = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (LITERAL.test(c) || c === ')') {
      js += c;
      atom = true;
    } else if (c === '.') {
      js += '[^\\n]';
      atom = true;
    } else if (c === '*' || c === '+' || c === '?') {
      if (!atom) return undefined;
      if (c !== '?' && (pattern[i - 1] === ')' || ++unbounded > 2)) return undefined;
      js += c;
      atom = false;
    } else if (c === '^' || c === '$' || c === '|' || c === '(') {
      const group = c === '(' && pattern.startsWith('?:', i + 1) ? '(?:' : c;
      js += group;
      i += group.length - 1;
      atom = false;
    } else if (c === '[') {
      const cls = PLAIN_CLASS.exec(pattern.slice(i))?.[0];
      if (!cls) return undefined;
      js += cls;
      i += cls.length - 1;
      atom = true;
    } else {
      return undefined;
    }
  }
  try {
    return new RegExp(js, 'u');
  } catch {
    return undefined;
  }
}

/** Compiles `pattern` with RE2 syntax; throws an Error with Go's message when it is invalid. */
export function compilePattern(pattern: string): Pattern {
  const shared = sharedRegExp(pattern);
  if (shared) return shared;
  try {
    return load().compile(pattern);
  } catch (e) {
    throw new Error((e as Error).message);
  }
}
