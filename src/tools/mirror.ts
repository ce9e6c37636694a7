/**
 * `kfm images DIR --registry MIRROR`: a kustomize Component that retargets every image of a build
 * to a mirror registry, for air-gapped installs. `images:` entries cover the fields kustomize's
 * images transformer rewrites; every other reference (embedded configuration files, flags,
 * variables, custom resources) gets a JSON 6902 patch. Which ones need a patch is not guessed: the
 * component is tried on the build, and what still points elsewhere is patched.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { dump } from 'js-yaml';
import { buildObjects, isObj, type Obj } from './source.js';
import { findImages, mirrorName, splitImage, type ImageUse } from './images.js';
import { idOf } from './diff.js';

const HASH = /-[bcdfghkmt2-9]{10}$/;

/** The mirrored form of a full image reference (tag and digest kept). */
export function mirrorRef(ref: string, registry: string): string {
  const { name, tag, digest } = splitImage(ref);
  return `${mirrorName(name, registry)}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

const onMirror = (ref: string, registry: string) => ref.startsWith(`${registry.replace(/\/+$/, '')}/`);
const pointer = (segs: (string | number)[]) => segs.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

interface Component {
  apiVersion: string;
  kind: string;
  images: { name: string; newName: string }[];
  patches?: { target: Record<string, string>; patch: string }[];
}

function componentText(c: Component): string {
  return `# Retargets every image of the build to a mirror registry (made by kfm images --registry).\n${dump(c, { lineWidth: -1, noRefs: true })}`;
}

/** Builds `dir` with a trial component and returns the uses still off the mirror. */
function remaining(dir: string, c: Component, registry: string): { uses: ImageUse[]; objects: Obj[] } {
  const tmp = mkdtempSync(join(tmpdir(), 'kfm-mirror-'));
  try {
    mkdirp(join(tmp, 'component'), componentText(c));
    // kustomize refuses absolute paths to other roots, so the trial overlay names them relatively.
    mkdirp(join(tmp, 'overlay'), dump({ resources: [relative(join(tmp, 'overlay'), resolve(dir))], components: ['../component'] }));
    const objects = buildObjects(join(tmp, 'overlay'));
    return { uses: findImages(objects).filter((u) => !onMirror(u.image, registry)), objects };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function mkdirp(dir: string, kustomization: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'kustomization.yaml'), kustomization);
}

/**
 * The component's kustomization text for `dir` and `registry`, and the images it could not
 * retarget (none, when every reference is in a field kustomize or a patch can rewrite).
 */
export function mirrorComponent(dir: string, registry: string): { text: string; unmirrored: ImageUse[] } {
  const objects = buildObjects(dir);
  const uses = findImages(objects);
  const names = [...new Set(uses.filter((u) => !u.embedded && !onMirror(u.image, registry)).map((u) => splitImage(u.image).name))].sort();
  const c: Component = {
    apiVersion: 'kustomize.config.k8s.io/v1alpha1',
    kind: 'Component',
    images: names.map((name) => ({ name, newName: mirrorName(name, registry) })),
  };
  const left = remaining(dir, c, registry);
  const byResource = new Map<string, { target: Record<string, string>; ops: Map<string, unknown> }>();
  for (const u of left.uses) {
    const o = left.objects.find((x) => idOf(x) === u.resource);
    if (!o) continue;
    const md = isObj(o.metadata) ? o.metadata : {};
    let name = String(md.name);
    if ((o.kind === 'ConfigMap' || o.kind === 'Secret') && HASH.test(name)) name = name.replace(HASH, '');
    const api = String(o.apiVersion);
    const target: Record<string, string> = { kind: String(o.kind), name, version: api.split('/').at(-1)! };
    if (api.includes('/')) target.group = api.slice(0, api.lastIndexOf('/'));
    if (md.namespace) target.namespace = String(md.namespace);
    const key = JSON.stringify(target);
    const entry = byResource.get(key) ?? { target, ops: new Map() };
    byResource.set(key, entry);
    const p = pointer(u.pointer);
    if (u.embedded) {
      const prev = (entry.ops.get(p) as string | undefined) ?? u.embedded.text;
      entry.ops.set(p, replaceAll(prev, u.image, mirrorRef(u.image, registry)));
    } else {
      entry.ops.set(p, mirrorRef(u.image, registry));
    }
  }
  if (byResource.size) {
    c.patches = [...byResource.values()].map(({ target, ops }) => ({
      target,
      patch: dump([...ops].map(([path, value]) => ({ op: 'replace', path, value })), { lineWidth: -1 }),
    }));
  }
  const check = remaining(dir, c, registry);
  return { text: componentText(c), unmirrored: check.uses };
}

/** Replaces whole image references only (not a prefix of a longer one). */
function replaceAll(text: string, ref: string, to: string): string {
  const esc = ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![\\w./-])${esc}(?![\\w.@:/-])`, 'g'), to);
}
