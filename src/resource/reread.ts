/**
 * kustomize writes a resource as YAML with go-yaml and reads it back before a JSON patch and once
 * more at the end of the top build. go-yaml writes a generated multi-line string as a literal block
 * without an indentation indicator, even when the string starts with a tab, and its own reader
 * then rejects the block ("found a tab character where an indentation space is expected"). Strings
 * read from files keep their written style and go through; generated ones do not. kfm refuses the
 * same builds (measured against the reference: no other step re-reads, so a generated value that
 * a later generator replaces before either point builds).
 */
import { BuildError, type ErrorPlace } from '../errors.js';
import type { Value } from '../yaml/index.js';
import type { Resource } from './resource.js';
import { idText } from './id.js';

/**
 * Characters go-yaml's emitter does not print as they are (tab and line feed aside); among them
 * everything beyond the Basic Multilingual Plane, which it escapes (an emoji makes the string
 * double-quoted, and then it reads back).
 */
const NOT_PRINTABLE = /[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]/u;

/** True when go-yaml would write `s` as a literal block it cannot read back. */
export function unreadableLiteral(s: string): boolean {
  if (s[0] !== '\t' || !s.includes('\n')) return false;
  // A literal block is out (go-yaml double-quotes instead) after a space at the end or before a
  // line break, or with a character it does not print.
  return !s.endsWith(' ') && !/ [\n\r\x85\u2028\u2029]/.test(s) && !NOT_PRINTABLE.test(s);
}

function findUnreadable(v: Value, path: string): string | undefined {
  if (typeof v === 'string') return unreadableLiteral(v) ? path : undefined;
  if (v === null || typeof v !== 'object') return undefined;
  for (const [k, x] of Object.entries(v)) {
    const hit = findUnreadable(x as Value, path ? `${path}.${k}` : k);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Refuses a generated resource holding a string kustomize could not read back (see above); `step`
 * says when kustomize reads it back. Resources read from files pass.
 */
export function checkRereadable(r: Resource, place: ErrorPlace, step: string): void {
  if (!r.generated) return;
  const path = findUnreadable(r.obj, '');
  if (path === undefined) return;
  throw new BuildError(
    `generated ${idText(r.id())} has a value at ${path} that starts with a tab and spans several lines; ` +
      `kustomize writes it as a YAML block and reads it back ${step}, which fails (found a tab character where an indentation space is expected)`,
    place,
  );
}
