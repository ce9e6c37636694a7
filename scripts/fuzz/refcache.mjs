// A store of the reference's results by tree content, so that a fuzz run on a new kfm build can
// replay trees the reference has already built. The reference is a fixed binary and builds a
// tree the same way every time; the key holds the binary's identity, so another reference never
// answers for it.
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { REFERENCE } from '../reference.mjs';
import { fileText } from './generate.mjs';

/** The reference binary's identity: its path, size and modification time. */
export function referenceIdentity() {
  const st = statSync(REFERENCE);
  return `${REFERENCE}\0${st.size}\0${st.mtimeMs}`;
}

/** The key of a tree: the reference's identity and the tree's root and every file's path and text. */
export function treeKey(tree, identity = referenceIdentity()) {
  const h = createHash('sha256').update(`${identity}\0${tree.root}\0`);
  for (const f of tree.files) h.update(`${f.path}\0${fileText(f)}\0`);
  return h.digest('hex');
}

/**
 * Opens (or starts) the JSONL store at `file`. `get(key)` gives a stored result or undefined;
 * `put(key, result)` appends one. A replay builds the tree in another scratch folder, so paths in
 * a stored error differ from kfm's; the comparison only weighs an error's exit status, and the
 * signature masks paths.
 */
export function openRefCache(file) {
  const known = new Map();
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    // Later lines start on a line of their own, after a cut-short one too.
    if (text && !text.endsWith('\n')) appendFileSync(file, '\n');
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const e = JSON.parse(line);
        known.set(e.key, e.ref);
      } catch {
        // A line cut short by an interrupted run is skipped; its tree is built again.
      }
    }
  }
  return {
    size: () => known.size,
    get: (key) => known.get(key),
    put(key, ref) {
      if (known.has(key)) return;
      known.set(key, ref);
      appendFileSync(file, `${JSON.stringify({ key, ref })}\n`);
    },
  };
}
