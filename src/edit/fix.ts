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
  if (!doc.has('apiVersion')) (doc.contents as YAMLMap).items.unshift(doc.createPair('apiVersion', 'kustomize.config.k8s.io/v1beta1'));
  if (!doc.has('kind')) (doc.contents as YAMLMap).items.splice(1, 0, doc.createPair('kind', 'Kustomization'));

  const bases = doc.get('bases', true);
  if (isSeq(bases)) {
    const res = k.list('resources');
    for (const b of bases.items) res.add(b);
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
    doc.delete('patchesStrategicMerge');
  }

  const pj = doc.get('patchesJson6902', true);
  if (isSeq(pj)) {
    const patches = k.list('patches');
    for (const p of pj.items) patches.add(p);
    doc.delete('patchesJson6902');
  }

  const cl = doc.get('commonLabels', true);
  if (isMap(cl)) {
    const labels = k.list('labels');
    const entry = new YAMLMap();
    entry.set('pairs', cl);
    entry.set('includeSelectors', true);
    (labels as YAMLSeq).add(entry);
    doc.delete('commonLabels');
  }

  const tags = doc.get('imageTags', true);
  if (isSeq(tags)) {
    const images = k.list('images');
    for (const t of tags.items) images.add(t);
    doc.delete('imageTags');
  }

  if (doc.has('vars')) note("'vars' are left as they are: rewrite them as 'replacements' (kfm does not convert them)");
}
