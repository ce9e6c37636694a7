/**
 * The file system a build reads through. The build, the load restrictor, the output cache's
 * fingerprints and remote trees all see files only through this interface, so a Node tool can
 * build from a tree held in memory (`build(dir, { fs: memoryFileSystem({...}) })`).
 *
 * Paths are absolute. Lookups that find nothing answer `undefined`/`false`; only `read` throws.
 */
import { posix } from 'node:path';
import { probeDir, probeExists, probeReal } from './probe.js';
import { readRegular } from '../regularfile.js';

/** What a build needs to know about files. */
export interface FileSystem {
  /** The canonical path of `abs` (symbolic links resolved), or undefined when it does not exist. */
  realPath(abs: string): string | undefined;
  /** True for an existing directory. */
  isDir(abs: string): boolean;
  /** True when something exists at `abs`. */
  exists(abs: string): boolean;
  /**
   * The content of a file (a Node Buffer will do); throws an Error with a readable message when it
   * cannot be read.
   */
  read(abs: string): Uint8Array;
}

/** The machine's file system: regular files only, within the size limit. */
export const nodeFileSystem: FileSystem = {
  realPath: (abs) => probeReal(abs) || undefined,
  isDir: (abs) => probeDir(abs) === '1',
  exists: (abs) => probeExists(abs) === '1',
  read: readRegular,
};

/**
 * A read-only tree in memory: keys are absolute POSIX paths of files, values their content.
 * Directories are implied by the files under them; there are no symbolic links.
 */
export function memoryFileSystem(files: Record<string, string | Uint8Array>): FileSystem {
  const contents = new Map<string, Buffer>();
  const dirs = new Set<string>(['/']);
  for (const [p, data] of Object.entries(files)) {
    if (!posix.isAbsolute(p)) throw new Error(`memoryFileSystem: '${p}' is not an absolute path`);
    const abs = posix.normalize(p);
    contents.set(abs, Buffer.from(data));
    for (let d = posix.dirname(abs); !dirs.has(d); d = posix.dirname(d)) dirs.add(d);
  }
  const norm = (abs: string) => posix.normalize(abs).replace(/(.)\/$/, '$1');
  return {
    realPath: (abs) => {
      const n = norm(abs);
      return contents.has(n) || dirs.has(n) ? n : undefined;
    },
    isDir: (abs) => dirs.has(norm(abs)),
    exists: (abs) => contents.has(norm(abs)) || dirs.has(norm(abs)),
    read: (abs) => {
      const b = contents.get(norm(abs));
      if (!b) throw new Error(dirs.has(norm(abs)) ? 'is a directory' : 'no such file');
      return b;
    },
  };
}
