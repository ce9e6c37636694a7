/**
 * Where the commands beyond kustomize (diff, images, check) get rendered objects from: a
 * kustomization directory (built), a rendered YAML file, standard input, or `REF:PATH`, a
 * directory as it is in a git revision of the current repository (read with `git archive`, so
 * the work tree is never touched).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { build } from '../build/index.js';
import { BuildError } from '../errors.js';

/** A plain object as a rendered YAML stream holds it. */
export type Obj = Record<string, unknown>;

/** Rendered objects and where they came from. */
export interface Side {
  label: string;
  objects: Obj[];
}

/** True for a plain mapping (not a list, not null). */
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Parses a rendered YAML stream into plain objects; `file` names it in errors. */
export function parseStream(text: string, file: string): Obj[] {
  try {
    return (loadAll(text) as unknown[]).filter(isObj);
  } catch (e) {
    throw new BuildError(`${file}: not a YAML stream: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Builds a directory and returns its objects as the printed stream holds them. */
export function buildObjects(dir: string): Obj[] {
  return parseStream(build(dir).yaml(), dir);
}

/** `REF:PATH` as git writes a path in a revision (not a Windows drive letter, not a URL). */
const REV_PATH = /^([^:/\\][^:]*):(.*)$/;

/** Reads one side of a comparison. `stdin` is read only for `-`. */
export function loadSide(spec: string, readStdin: () => string = () => readFileSync(0, 'utf8')): Side {
  if (spec === '-') return { label: '(stdin)', objects: parseStream(readStdin(), '(stdin)') };
  if (existsSync(spec)) {
    if (statSync(spec).isDirectory()) return { label: spec, objects: buildObjects(spec) };
    return { label: spec, objects: parseStream(readFileSync(spec, 'utf8'), spec) };
  }
  const m = REV_PATH.exec(spec);
  if (m) return { label: spec, objects: buildAtRevision(m[1], m[2] || '.') };
  throw new BuildError(`'${spec}' is neither a directory, a file, '-', nor REF:PATH of a git revision`);
}

/**
 * Builds `path` (relative to the repository's top) as it is in revision `ref`: the revision's
 * tree is exported to a temporary directory, built there, and removed.
 */
export function buildAtRevision(ref: string, path: string): Obj[] {
  const git = (args: string[], opts: { input?: Buffer } = {}) =>
    execFileSync('git', args, { stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30, ...opts });
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel']).toString().trim();
    git(['rev-parse', '--verify', '--quiet', `${ref}^{tree}`]);
  } catch {
    throw new BuildError(`'${ref}:${path}': '${ref}' is not a revision of a git repository here`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'kfm-rev-'));
  try {
    const tar = git(['-C', top, 'archive', '--format=tar', ref]);
    execFileSync('tar', ['-x', '-C', tmp], { input: tar, stdio: ['pipe', 'ignore', 'pipe'] });
    const dir = join(tmp, path);
    if (!existsSync(dir)) throw new BuildError(`'${ref}:${path}': no such path in revision ${ref}`);
    return buildObjects(dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
