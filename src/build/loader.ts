/**
 * File access for a build: load restrictions, reading each file's text once, and parsing each YAML
 * file once (later users get a copy, so transformers may edit what they receive).
 */
import { readFileSync, realpathSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, isAbsolute, sep } from 'node:path';
import { parseAll, type Value } from '../yaml/index.js';
import { BuildError } from '../errors.js';
import { KUSTOMIZATION_FILE_NAMES } from './kustomization.js';

/** kustomize's load restrictor names. */
export type LoadRestrictor = 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';

/** Reads files for one build; shared by every kustomization in it. */
export class Loader {
  private texts = new Map<string, string>();

  constructor(readonly restrictor: LoadRestrictor = 'LoadRestrictionsRootOnly') {}

  /** The real path of `p` resolved against `dir`, or undefined if it does not exist. */
  real(dir: string, p: string): string | undefined {
    const abs = isAbsolute(p) ? p : resolve(dir, p);
    try {
      return realpathSync(abs);
    } catch {
      return undefined;
    }
  }

  isDir(abs: string): boolean {
    try {
      return statSync(abs).isDirectory();
    } catch {
      return false;
    }
  }

  /** The kustomization file of a directory, or undefined; more than one is an error. */
  kustomizationFile(dir: string): string | undefined {
    const found = KUSTOMIZATION_FILE_NAMES.filter((n) => existsSync(join(dir, n)));
    if (found.length > 1) {
      throw new BuildError(`found multiple kustomization files: ${found.join(', ')}; keep one`, { file: dir });
    }
    return found.length ? join(dir, found[0]) : undefined;
  }

  /**
   * Resolves a file a kustomization names (`field` says where), enforcing the load restriction:
   * with RootOnly the file must lie inside the kustomization's root.
   */
  resolveFile(root: string, p: string, from: string, field: string): string {
    const abs = this.real(root, p);
    if (!abs) throw new BuildError(`file '${p}' does not exist (looked in ${root})`, { file: from, field });
    if (this.restrictor === 'LoadRestrictionsRootOnly') {
      const realRoot = this.real(root, '.') ?? root;
      const rel = relative(realRoot, abs);
      if (rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) {
        throw new BuildError(
          `file '${p}' is outside the kustomization root ${realRoot}; ` +
            `move it inside or build with --load-restrictor LoadRestrictionsNone`,
          { file: from, field },
        );
      }
    }
    return abs;
  }

  /** A file's text, read once per build. */
  text(abs: string, from?: string, field?: string): string {
    const cached = this.texts.get(abs);
    if (cached !== undefined) return cached;
    let t: string;
    try {
      t = readFileSync(abs, 'utf8');
    } catch (e) {
      throw new BuildError(`cannot read '${abs}': ${(e as Error).message}`, { file: from, field });
    }
    this.texts.set(abs, t);
    return t;
  }

  /** A file's raw bytes (generators need binary data). */
  bytes(abs: string, from?: string, field?: string): Buffer {
    try {
      return readFileSync(abs);
    } catch (e) {
      throw new BuildError(`cannot read '${abs}': ${(e as Error).message}`, { file: from, field });
    }
  }

  /**
   * The documents of a YAML file, freshly parsed for each caller (callers edit what they get; a
   * file is rarely used twice in one build, so re-parsing beats keeping pristine copies).
   */
  documents(abs: string, from?: string, field?: string): Value[] {
    return parseAll(this.text(abs, from, field), abs);
  }
}
