/**
 * `buildMetadata`: the last touch on each object before output. kustomize records, for every
 * resource, where it came from (a file, or the generator that made it) and which transformers of
 * which kustomization ran while it was in the list; the top kustomization's `buildMetadata` decides
 * which of these are written (`originAnnotations`, `transformerAnnotations`) and whether the
 * `app.kubernetes.io/managed-by` label is set (`managedByLabel`, with kfm's own version).
 */
import { relative } from 'node:path';
import type { Resource, ResMap } from '../resource/index.js';
import type { YMap } from '../yaml/index.js';
import { VERSION } from '../version.js';
import type { Kustomization } from '../kustomization/schema.js';
import { newMap } from '../yaml/map.js';

const ORIGIN = 'config.kubernetes.io/origin';
const TRANSFORMATIONS = 'alpha.config.kubernetes.io/transformations';
const MANAGED_BY = 'app.kubernetes.io/managed-by';
const OPTIONS = new Set(['originAnnotations', 'transformerAnnotations', 'managedByLabel']);
/**
 * Annotations kyaml uses for its own bookkeeping (where a document was read from); kustomize strips
 * them from every resource on output, whatever their value, even when the input set them.
 */
const INTERNAL = [
  'config.kubernetes.io/index', 'config.kubernetes.io/path', 'config.k8s.io/id',
  'internal.config.kubernetes.io/index', 'internal.config.kubernetes.io/path', 'internal.config.kubernetes.io/id',
  'internal.config.kubernetes.io/seqindent', 'internal.config.kubernetes.io/annotations-migration-resource-id',
];

/** One transformer that ran over a resource: the file it was configured in, and its kind. */
interface Transformation {
  configuredIn: string;
  kind: string;
  name?: string;
}

// Module-level but safe: it records facts about each resource alone and dies with it.
const history = new WeakMap<Resource, Transformation[]>();

/** Where a generator plugin config (the `generators` field) made a resource. */
interface PluginOrigin {
  configuredIn: string;
  kind: string;
  name?: string;
  namespace?: string;
}

// Module-level but safe: it records facts about each resource alone and dies with it.
const pluginOrigins = new WeakMap<Resource, PluginOrigin>();

/** Notes that a generator plugin config made `r` (its origin names the config). */
export function recordGeneratedBy(r: Resource, origin: PluginOrigin): void {
  pluginOrigins.set(r, origin);
}

function record(m: ResMap, t: Transformation): void {
  for (const r of m.all()) {
    if (r.annotationsWiped) {
      // kustomize lost the resource's origin and history with its annotations; it then names the
      // transformer that left the resource without an origin as the one that made it.
      r.annotationsWiped = false;
      history.delete(r);
      pluginOrigins.set(r, { configuredIn: t.configuredIn, kind: t.kind, name: t.name });
      continue;
    }
    let h = history.get(r);
    if (!h) {
      h = [];
      history.set(r, h);
    }
    h.push(t);
  }
}

/** Notes that a transformer configured in `file` (a kustomization or a plugin config) ran over every resource in `m`. */
export function recordTransformer(m: ResMap, file: string, kind: string, name?: string): void {
  record(m, { configuredIn: file, kind, name });
}

function annotations(r: Resource): YMap {
  const md = r.metadata();
  let a = md.annotations as YMap | undefined;
  if (!a || typeof a !== 'object' || Array.isArray(a)) {
    a = newMap();
    md.annotations = a;
  }
  return a;
}

function originText(r: Resource, root: string): string {
  const p = pluginOrigins.get(r);
  if (p) {
    return `configuredIn: ${relative(root, p.configuredIn)}\nconfiguredBy:\n  apiVersion: builtin\n  kind: ${p.kind}\n` +
      (p.name ? `  name: ${p.name}\n` : '') + (p.namespace ? `  namespace: ${p.namespace}\n` : '');
  }
  const rel = relative(root, r.source);
  if (!r.generated) return `path: ${rel}\n`;
  const kind = r.kind === 'Secret' ? 'SecretGenerator' : 'ConfigMapGenerator';
  return `configuredIn: ${rel}\nconfiguredBy:\n  apiVersion: builtin\n  kind: ${kind}\n`;
}

function transformationsText(h: Transformation[], root: string): string {
  return h.map((t) => `- configuredIn: ${relative(root, t.configuredIn)}\n  configuredBy:\n    apiVersion: builtin\n    kind: ${t.kind}\n` +
    (t.name ? `    name: ${t.name}\n` : '')).join('');
}

/**
 * Writes what the top kustomization's `buildMetadata` asks for. `root` is the top kustomization's
 * directory (paths in annotations are relative to it).
 */
export function finishMetadata(list: Resource[], k: Kustomization, root?: string): void {
  // kustomize ignores options it does not know.
  const opts = (k.buildMetadata ?? []).filter((o) => OPTIONS.has(o));
  if (!opts.length) return;
  const base = root ?? process.cwd();
  for (const r of list) {
    if (opts.includes('originAnnotations')) annotations(r)[ORIGIN] = originText(r, base);
    if (opts.includes('transformerAnnotations')) {
      const h = history.get(r);
      if (h?.length) annotations(r)[TRANSFORMATIONS] = transformationsText(h, base);
    }
    if (opts.includes('managedByLabel')) {
      const md = r.metadata();
      let l = md.labels as YMap | undefined;
      if (!l || typeof l !== 'object' || Array.isArray(l)) {
        l = newMap();
        md.labels = l;
      }
      l[MANAGED_BY] = `kfm-v${VERSION}`;
    }
  }
}

/**
 * Removes kyaml's bookkeeping annotations, and then `metadata.annotations` itself when nothing is
 * left of it: kustomize drops an empty, null or scalar annotations field of a resource (only the
 * top-level metadata's; nested pod-template annotations are kept as they are).
 */
export function clearInternalAnnotations(r: Resource): void {
  const md = r.obj.metadata;
  if (md === null || typeof md !== 'object' || Array.isArray(md) || !('annotations' in md)) return;
  const a = md.annotations;
  if (a === null || typeof a !== 'object' || (Array.isArray(a) && a.length === 0)) {
    delete md.annotations;
    return;
  }
  if (Array.isArray(a)) return;
  for (const k of INTERNAL) delete a[k];
  if (Object.keys(a).length === 0) delete md.annotations;
}
