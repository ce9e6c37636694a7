/**
 * Scalars a transformer wrote as new, untagged nodes. kustomize's image transformer puts a new
 * scalar node in place of each image it changes; a later replacement that copies text into such
 * a node leaves it without a type, and kustomize's output step types the text as plain YAML
 * (an empty text becomes null, `0o17` becomes 15), where a field read from a file keeps its type
 * (a string stays a string). Module-level but safe: keyed by the mapping that holds the field, so
 * an entry dies with it.
 */
import type { YMap } from './scalar.js';

const written = new WeakMap<YMap, Map<string, string>>();

/** Notes that `holder[key]` was just written untagged (with the string it holds now). */
export function markUntagged(holder: YMap, key: string): void {
  let m = written.get(holder);
  if (!m) written.set(holder, (m = new Map()));
  m.set(key, holder[key] as string);
}

/** True while `holder[key]` still holds the value written untagged (nothing rewrote it since). */
export function isUntagged(holder: YMap, key: string): boolean {
  const v = written.get(holder)?.get(key);
  return v !== undefined && holder[key] === v;
}
