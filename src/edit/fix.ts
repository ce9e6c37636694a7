/**
 * `kfm edit fix`: moves deprecated kustomization fields to their replacements, as the deprecation
 * warnings promise. The build output stays the same (the tests check it against the reference).
 */
import { isMap, isScalar, isSeq, YAMLMap, type YAMLSeq } from 'yaml';
import type { KFile } from './kfile.js';
import type { Note } from './commands.js';

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

  const bases = doc.get('bases', true);
  if (isSeq(bases)) {
    const res = k.list('resources');
    for (const b of bases.items) res.add(b);
    k.moveComments('bases', 'resources');
    doc.delete('bases');
  }

  const psm = doc.get('patchesStrategicMerge', true);
  if (isSeq(psm)) {
    const patches = k.list('patches');
    for (const p of psm.items) {
      const text = String(isScalar(p) ? p.value : p);
      // An entry with a line break or a colon is inline YAML, as the build reads it.
      patches.add(doc.createNode(/[\n:]/.test(text) ? { patch: text } : { path: text }));
    }
    k.moveComments('patchesStrategicMerge', 'patches');
    doc.delete('patchesStrategicMerge');
  }

  const pj = doc.get('patchesJson6902', true);
  if (isSeq(pj)) {
    const patches = k.list('patches');
    for (const p of pj.items) patches.add(p);
    k.moveComments('patchesJson6902', 'patches');
    doc.delete('patchesJson6902');
  }

  const cl = doc.get('commonLabels', true);
  if (isMap(cl)) {
    const labels = k.list('labels');
    const entry = new YAMLMap();
    entry.set('pairs', cl);
    entry.set('includeSelectors', true);
    (labels as YAMLSeq).add(entry);
    k.moveComments('commonLabels', 'labels');
    doc.delete('commonLabels');
  }

  const tags = doc.get('imageTags', true);
  if (isSeq(tags)) {
    const images = k.list('images');
    for (const t of tags.items) images.add(t);
    k.moveComments('imageTags', 'images');
    doc.delete('imageTags');
  }

  if (doc.has('vars')) note("'vars' are left as they are: rewrite them as 'replacements' (kfm does not convert them)");
}
