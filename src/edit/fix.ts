/**
 * `kfm edit fix`: moves deprecated kustomization fields to their replacements, as the deprecation
 * warnings promise. The build output stays the same (the tests check it against the reference).
 */
import { isMap, isScalar, isSeq, YAMLMap, type Document } from 'yaml';
import type { KFile } from './kfile.js';
import type { Note } from './commands.js';

/** The entries of a deprecated field in its replacement's form; undefined leaves a malformed field alone. */
type Entries = (node: unknown, doc: Document) => unknown[] | undefined;

const seqItems: Entries = (node) => (isSeq(node) ? node.items : undefined);

/** Each deprecated field and its replacement, in this order (strategic-merge patches go first). */
const MOVES: { from: string; to: string; entries: Entries }[] = [
  { from: 'bases', to: 'resources', entries: seqItems },
  {
    from: 'patchesStrategicMerge',
    to: 'patches',
    entries: (node, doc) =>
      seqItems(node, doc)?.map((p) => {
        const text = String(isScalar(p) ? p.value : p);
        // An entry with a line break or a colon is inline YAML, as the build reads it.
        return doc.createNode(/[\n:]/.test(text) ? { patch: text } : { path: text });
      }),
  },
  { from: 'patchesJson6902', to: 'patches', entries: seqItems },
  {
    from: 'commonLabels',
    to: 'labels',
    entries: (node) => {
      if (!isMap(node)) return undefined;
      const entry = new YAMLMap();
      entry.set('pairs', node);
      entry.set('includeSelectors', true);
      return [entry];
    },
  },
  { from: 'imageTags', to: 'images', entries: seqItems },
];

/** Rewrites the deprecated fields of `k` in place. */
export function fixKustomization(k: KFile, note: Note): void {
  const doc = k.doc;
  const items = (doc.contents as YAMLMap).items;
  // The comment above the first field heads the file: it stays on top when fields go in front.
  const head = (items[0]?.key as { commentBefore?: string } | undefined)?.commentBefore;
  if (!doc.has('apiVersion')) items.unshift(doc.createPair('apiVersion', 'kustomize.config.k8s.io/v1beta1'));
  if (!doc.has('kind')) items.splice(1, 0, doc.createPair('kind', 'Kustomization'));
  if (head && items[0].key !== undefined) {
    for (const p of items) if ((p.key as { commentBefore?: string }).commentBefore === head) delete (p.key as { commentBefore?: string }).commentBefore;
    (items[0].key as { commentBefore?: string }).commentBefore = head;
  }

  for (const m of MOVES) {
    const entries = m.entries(doc.get(m.from, true), doc);
    if (!entries) continue;
    const list = k.list(m.to);
    for (const e of entries) list.add(e);
    k.moveComments(m.from, m.to);
    doc.delete(m.from);
  }

  if (doc.has('vars')) note("'vars' are left as they are: rewrite them as 'replacements' (kfm does not convert them)");
}
