/**
 * `kfm images`: every image a build uses and where. Besides the fields kustomize's images
 * transformer knows (containers, init and ephemeral containers, image volumes), components keep
 * images in places only they read: ConfigMaps holding configuration files (the notebook spawner's
 * options, KServe's and Katib's configs, Knative's queue-proxy image), custom resources, and
 * controller flags and environment variables (Argo's executor, KFP's driver and launcher). Those
 * are found by name: a key, flag or variable whose name says "image", holding an image reference.
 */
import { load } from 'js-yaml';
import { isObj, type Obj } from './source.js';
import { idOf } from './diff.js';

/** Where an image is used. */
export interface ImageUse {
  image: string;
  /** `Kind namespace/name` of the resource. */
  resource: string;
  /** The field path inside the resource (`data.config|path` inside an embedded file). */
  path: string;
  /** The field holding the reference, as JSON pointer segments (the text field for embedded ones). */
  pointer: (string | number)[];
  /** container | initContainer | ephemeralContainer | volume | config | arg | env | field */
  where: string;
  /** Set when the reference sits inside a text field (an embedded file or a flag). */
  embedded?: { field: string; text: string };
}

/** Does a string look like an image reference (registry/path:tag or @digest)? */
export function looksLikeImage(s: string): boolean {
  if (s.length > 512 || !/[/:@]/.test(s)) return false;
  return /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?(:[0-9]+)?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/.test(s)
    && !/^\d+(\.\d+)*$/.test(s);
}

const NAMED_IMAGE = /image/i;
const CONTAINER_LISTS: Record<string, string> = {
  containers: 'container',
  initContainers: 'initContainer',
  ephemeralContainers: 'ephemeralContainer',
};

/** Every image use in the objects, in output order. */
export function findImages(objects: Obj[]): ImageUse[] {
  const out: ImageUse[] = [];
  for (const o of objects) {
    if (o.kind === 'CustomResourceDefinition') continue;
    const resource = idOf(o);
    const add = (image: string, pointer: Seg[], where: string, embedded?: ImageUse['embedded'], sub = '') =>
      out.push({ image, resource, path: pathText(pointer) + sub, pointer, where, ...(embedded ? { embedded } : {}) });
    walk(o, [], (v, at, key, parentKey) => {
      if (typeof v !== 'string') return;
      if (key === 'image' && parentKey && CONTAINER_LISTS[parentKey]) add(v, at, CONTAINER_LISTS[parentKey]);
      else if (key === 'reference' && at.at(-2) === 'image' && at.at(-4) === 'volumes') add(v, at, 'volume');
      else if (NAMED_IMAGE.test(key ?? '') && looksLikeImage(v)) add(v, at, 'field');
    });
    if ((o.kind === 'ConfigMap' || o.kind === 'Secret') && isObj(o.data)) {
      for (const [k, v] of Object.entries(o.data)) {
        if (typeof v !== 'string' || o.kind === 'Secret') continue;
        if (NAMED_IMAGE.test(k) && looksLikeImage(v.trim())) continue; // found above as a field
        for (const [img, sub] of embeddedImages(v)) add(img, ['data', k], 'config', { field: `data.${k}`, text: v }, `|${sub}`);
      }
    }
    for (const use of flagImages(o, resource)) out.push(use);
  }
  return out;
}

type Seg = string | number;

/** `a.b[0].c`, as the other commands print field paths. */
export function pathText(at: Seg[]): string {
  return at.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
}

/** Visits every value with its path; `parentKey` is the key of the list an item sits in. */
function walk(v: unknown, at: Seg[], visit: (v: unknown, at: Seg[], key?: string, parentKey?: string) => void, key?: string, parentKey?: string): void {
  visit(v, at, key, parentKey);
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i], visit, key, key));
  else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(x, [...at, k], visit, k, Array.isArray(x) ? undefined : parentKey);
}

/** Images inside an embedded YAML or JSON configuration file, with their paths in it. */
function embeddedImages(text: string): [string, string][] {
  let doc: unknown;
  try {
    doc = load(text);
  } catch {
    return [];
  }
  if (!isObj(doc) && !Array.isArray(doc)) return [];
  const found: [string, string][] = [];
  const visit = (v: unknown, path: string, inImage: boolean) => {
    if (typeof v === 'string') {
      if (inImage && looksLikeImage(v)) found.push([v, path]);
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${path}[${i}]`, inImage));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) visit(x, path ? `${path}.${k}` : k, inImage || NAMED_IMAGE.test(k));
  };
  visit(doc, '', false);
  return found;
}

/** Images in containers' flags (`--x-image=ref`, `--x-image ref`) and `*IMAGE*` variables. */
function flagImages(o: Obj, resource: string): ImageUse[] {
  const out: ImageUse[] = [];
  const use = (image: string, pointer: Seg[], where: string, text?: string) =>
    out.push({ image, resource, path: pathText(pointer), pointer, where, ...(text ? { embedded: { field: pathText(pointer), text } } : {}) });
  walk(o, [], (v, at, key) => {
    if (!Array.isArray(v)) return;
    if (key === 'args' || key === 'command') {
      v.forEach((a, i) => {
        if (typeof a !== 'string') return;
        const eq = /^--?[\w.-]*image[\w.-]*=(.+)$/i.exec(a);
        const prev = v[i - 1];
        if (eq && looksLikeImage(eq[1])) use(eq[1], [...at, i], 'arg', a);
        else if (typeof prev === 'string' && /^--?[\w.-]*image[\w.-]*$/i.test(prev) && looksLikeImage(a)) use(a, [...at, i], 'arg');
      });
    }
    if (key === 'env') {
      v.forEach((e, i) => {
        if (isObj(e) && typeof e.name === 'string' && NAMED_IMAGE.test(e.name) && typeof e.value === 'string' && looksLikeImage(e.value)) {
          use(e.value, [...at, i, 'value'], 'env');
        }
      });
    }
  });
  return out;
}

/** The distinct images, sorted. */
export function distinctImages(uses: ImageUse[]): string[] {
  return [...new Set(uses.map((u) => u.image))].sort();
}

/** An image reference split into name, tag and digest (a registry port is part of the name). */
export function splitImage(ref: string): { name: string; tag?: string; digest?: string } {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, digest };
}

/**
 * The reference on the mirror: the registry host of the original (a first segment with a dot or
 * a port, or `localhost`) is replaced; Docker Hub's implicit `library/` stays implicit.
 */
export function mirrorName(name: string, registry: string): string {
  const parts = name.split('/');
  const hasHost = parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost');
  const path = hasHost ? parts.slice(1).join('/') : name;
  return `${registry.replace(/\/+$/, '')}/${path}`;
}
