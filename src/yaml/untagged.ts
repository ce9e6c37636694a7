/**
 * Scalars written as new, untagged nodes. kustomize's image transformer puts a new scalar node in
 * place of each image it handles, and a replacement that creates a field creates one too: such a
 * node holds text with no type, which kustomize's output step types as plain YAML (an empty text
 * becomes null, `0o17` becomes 15). kfm types the value when it writes it and notes the text here,
 * for the steps that treat an untagged node otherwise: a replacement copying text into it (typed
 * on output, where a field read from a file keeps its type) and the legacy var step (which
 * rewrites it as a string). Module-level but safe: keyed by the object that holds the field, so an
 * entry dies with it.
 */
import type { Value } from './scalar.js';

type Holder = object;
const written = new WeakMap<Holder, Map<string | number, { value: Value; text: string }>>();

/** Notes that `holder[key]` was just written untagged from `text` (its value now is the typed one). */
export function markUntagged(holder: Holder, key: string | number, text: string): void {
  let m = written.get(holder);
  if (!m) written.set(holder, (m = new Map()));
  m.set(key, { value: (holder as Record<string | number, Value>)[key], text });
}

/** The text of `holder[key]` while it still holds the value written untagged; otherwise undefined. */
export function untaggedText(holder: Holder, key: string | number): string | undefined {
  const e = written.get(holder)?.get(key);
  return e !== undefined && (holder as Record<string | number, Value>)[key] === e.value ? e.text : undefined;
}
