/**
 * images: rewrite container images (name, tag, digest) wherever containers live, plus fields that
 * `configurations` add to the images table.
 */
import type { ResMap, Resource } from '../resource/index.js';
import { specsForKind, walkResource, type ParsedFieldSpec } from '../fieldspec/index.js';
import type { Value, YMap } from '../yaml/index.js';
import type { ImageEntry } from '../kustomization/schema.js';
import { compilePattern, type Pattern } from '../resource/pattern.js';
import { isMap } from '../yaml/map.js';
import { markUntagged } from '../yaml/untagged.js';

/** Splits an image reference into name, tag and digest; a registry port is part of the name. */
export function splitImage(ref: string): { name: string; tag: string; digest: string } {
  let slash = ref.indexOf('/');
  let search = ref;
  if (slash > 0) search = ref.slice(slash);
  else slash = 0;
  let at = search.indexOf('@');
  let colon = search.indexOf(':');
  if (colon < 0 && at < 0) return { name: ref, tag: '', digest: '' };
  if (at >= 0 && (at < colon || colon < 0)) {
    at += slash;
    return { name: ref.slice(0, at), tag: '', digest: ref.slice(at + 1) };
  }
  if (at >= 0 && colon >= 0) {
    at += slash;
    colon += slash;
    return { name: ref.slice(0, colon), tag: ref.slice(colon + 1, at), digest: ref.slice(at + 1) };
  }
  colon += slash;
  return { name: ref.slice(0, colon), tag: ref.slice(colon + 1), digest: '' };
}

/** An image entry compiled once: its matcher (the name is a pattern, as in kustomize) and its update. */
interface CompiledImage {
  match: Pattern;
  entry: ImageEntry;
}

function compile(entry: ImageEntry): CompiledImage {
  let match: Pattern;
  try {
    match = compilePattern(`^${entry.name ?? ''}(@sha256)?(:[a-zA-Z0-9_.{}-]*)?$`);
  } catch {
    const esc = (entry.name ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    match = compilePattern(`^${esc}(@sha256)?(:[a-zA-Z0-9_.{}-]*)?$`);
  }
  return { match, entry };
}

/** The new reference for `ref`, or undefined when the entry does not apply. */
export function updateImage(ref: string, c: CompiledImage): string | undefined {
  let { name, tag, digest } = splitImage(ref);
  // A reference with both a tag and a digest matches on its name alone.
  if (name !== c.entry.name && !c.match.test(ref)) return undefined;
  const e = c.entry;
  if (e.newName) name = e.newName;
  if (e.newTag && e.digest) {
    tag = e.newTag;
    digest = e.digest;
  } else if (e.newTag) {
    tag = e.newTag;
    digest = '';
  } else if (e.digest) {
    tag = '';
    digest = e.digest;
  }
  if (e.tagSuffix) tag = (tag || 'latest') + e.tagSuffix;
  return name + (tag ? ':' + tag : '') + (digest ? '@' + digest : '');
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers']);

function applyToImageField(holder: YMap, key: string, images: CompiledImage[]): void {
  const v = holder[key];
  if (typeof v !== 'string') return;
  for (const c of images) {
    const n = updateImage(v, c);
    if (n !== undefined) {
      holder[key] = n;
      markUntagged(holder, key, n);
      return;
    }
  }
}

/** An image field: its holder and key. */
type ImageField = [YMap, string];

/** The image fields of container lists at any depth, as kustomize's image transformer finds them. */
function containerImages(node: Value, out: ImageField[] = []): ImageField[] {
  if (Array.isArray(node)) {
    for (const x of node) containerImages(x, out);
    return out;
  }
  if (!isMap(node)) return out;
  for (const k of Object.keys(node)) {
    const v = node[k];
    if (CONTAINER_LISTS.has(k) && Array.isArray(v)) {
      for (const c of v) if (isMap(c)) out.push([c, 'image']);
    } else if (k === 'volumes' && Array.isArray(v)) {
      // kustomize 5.7.1 also rewrites image volumes (an OCI image mounted as a volume).
      for (const vol of v) if (isMap(vol) && isMap(vol.image)) out.push([vol.image, 'reference']);
    }
    if (v !== null && typeof v === 'object') containerImages(v, out);
  }
  return out;
}

/** Applies image entries to every resource. */
export function setImages(m: ResMap, entries: ImageEntry[], specs: ParsedFieldSpec[]): void {
  // Image entries only change strings, so each resource's container images are found once for all
  // entries (a whole walk per entry and resource took about a tenth of a 1,000-resource build).
  const found = new Map<Resource, ImageField[]>();
  const forKind = specsForKind(specs);
  for (const e of entries) {
    const images = [compile(e)];
    for (const r of m.all()) {
      // The reference leaves CRDs alone (their schemas mention containers, not images to run).
      if (r.kind === 'CustomResourceDefinition') continue;
      let fields = found.get(r);
      if (!fields) found.set(r, (fields = containerImages(r.obj)));
      for (const [holder, key] of fields) applyToImageField(holder, key, images);
      for (const s of forKind(r.id())) {
        walkResource(r, s, false, (parent, key) => applyToImageField(parent, key, images));
      }
    }
  }
}
