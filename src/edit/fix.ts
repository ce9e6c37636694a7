/**
 * `kfm edit fix`: moves deprecated kustomization fields to their replacements, as the deprecation
 * warnings promise. The build output stays the same (the tests check it against the reference).
 */
import { isMap, isScalar, isSeq, YAMLMap } from 'yaml';
import type { KFile } from './kfile.js';
import type { Note } from './commands.js';

type Doc = KFile['doc'];

const seqItems = (node: unknown): unknown[] | undefined => (isSeq(node) ? node.items : undefined);

/**
 * Each deprecated field, the field its entries move to, and those entries (none when the field is
 * absent or of the wrong shape, which leaves it as it is).
 */
const MOVES: { from: string; to: string; entries(node: unknown, doc: Doc): unknown[] | undefined }[] = [
  { from: 'bases', to: 'resources', entries: seqItems },
  {
    from: 'patchesStrategicMerge',
    to: 'patches',
    entries: (node, doc) => seqItems(node)?.map((p) => {
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

  for (const move of MOVES) {
    const entries = move.entries(doc.get(move.from, true), doc);
    if (!entries) continue;
    const list = k.list(move.to);
    for (const e of entries) list.add(e);
    k.moveComments(move.from, move.to);
    doc.delete(move.from);
  }

  if (doc.has('vars')) note("'vars' are left as they are: rewrite them as 'replacements' (kfm does not convert them)");
}
