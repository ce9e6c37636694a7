/**
 * Finding kustomization roots under a directory, for `kfm check` and `kfm tree`: every folder with
 * a kustomization file, skipping node_modules, hidden folders and what `.kfmignore` files list.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { load } from 'js-yaml';
import { isObj } from './source.js';

/** kustomize's accepted kustomization file names. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A folder holding a kustomization, and whether it is a Component. */
export interface Root {
  dir: string;
  component: boolean;
  /** The directories its `components:` field names (absolute). */
  uses: string[];
}

/** The kustomization file of a folder, if it has one. */
export function kustomizationFile(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
}

/** A `.kfmignore` line as a test on a path relative to the folder holding the file. */
function globTest(pattern: string): (rel: string) => boolean {
  const p = pattern.replace(/^\/+|\/+$/g, '');
  const re = p
    .split('/')
    .map((seg) => (seg === '**' ? '(?:.*)' : seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*').replaceAll('?', '[^/]')))
    .join('/')
    .replaceAll('(?:.*)/', '(?:.*/)?');
  const rx = new RegExp(pattern.startsWith('/') || p.includes('/') ? `^${re}(/.*)?$` : `(^|/)${re}(/.*)?$`);
  return (rel) => rx.test(rel);
}

function ignoresIn(dir: string): ((rel: string) => boolean)[] {
  const f = join(dir, '.kfmignore');
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map(globTest);
}

/** Every kustomization root under `top` (itself included), sorted by path. */
export function findRoots(top: string): Root[] {
  const base = resolve(top);
  const out: Root[] = [];
  const stack: { dir: string; ignores: { at: string; test: (rel: string) => boolean }[] }[] = [{ dir: base, ignores: [] }];
  while (stack.length) {
    const { dir, ignores } = stack.pop()!;
    const here = [...ignores, ...ignoresIn(dir).map((test) => ({ at: dir, test }))];
    const file = kustomizationFile(dir);
    if (file) out.push(describe(dir, file));
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory() || e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const child = join(dir, e.name);
      if (here.some((i) => i.test(relative(i.at, child).split(sep).join('/')))) continue;
      stack.push({ dir: child, ignores: here });
    }
  }
  return out.sort((a, b) => a.dir.localeCompare(b.dir));
}

function describe(dir: string, file: string): Root {
  let doc: unknown;
  try {
    doc = load(readFileSync(file, 'utf8'));
  } catch {
    doc = undefined; // the build reports the syntax error
  }
  const k = isObj(doc) ? doc : {};
  const comps = Array.isArray(k.components) ? k.components.filter((c): c is string => typeof c === 'string') : [];
  return { dir, component: k.kind === 'Component', uses: comps.map((c) => resolve(dir, c)) };
}
