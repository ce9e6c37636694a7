/**
 * `kfm build -o PATH`: one file, or one file per resource in an existing directory. Files are
 * written under a staging name beside their final place and renamed when complete, so a failed
 * build or write leaves nothing behind; every message names the path the user gave.
 */
import { closeSync, existsSync, mkdtempSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { emitResource, type BuildResult } from '../build/index.js';
import { BuildError } from '../errors.js';
import { idText, isClusterScoped, type Resource } from '../resource/index.js';
import { describeErrno, OutputError } from './output.js';

/** kustomize's file name for a resource written with `-o DIR`. */
export function outputFileName(r: Resource, multipleNamespaces: boolean): string {
  const id = r.id();
  const gvk = [id.group, id.version, id.kind].filter(Boolean).join('_');
  const base = `${gvk}_${id.name}`.toLowerCase() + '.yaml';
  if (multipleNamespaces && !isClusterScoped(id)) return `${(id.namespace || 'default').toLowerCase()}_${base}`;
  return base;
}

/** True when `-o` names a directory: an existing one, or a path ending in a separator. */
export function isDirectoryOutput(output: string): boolean {
  if (output.endsWith('/') || output.endsWith(sep)) return true;
  try {
    return statSync(output).isDirectory();
  } catch {
    return false;
  }
}

function cannotWrite(path: string, e: unknown): OutputError {
  return new OutputError(`cannot write '${path}': ${describeErrno(e)}`);
}

/** Removes a staging file or folder; one that cannot exist (its parent is a file) is no error. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Nothing was created there.
  }
}

/** Writes `pieces` to a new file at `staging`. */
function writePieces(staging: string, pieces: Iterable<string>): void {
  const fd = openSync(staging, 'wx', 0o666);
  try {
    for (const piece of pieces) {
      let buf = Buffer.from(piece, 'utf8');
      while (buf.length) buf = buf.subarray(writeSync(fd, buf));
    }
  } finally {
    closeSync(fd);
  }
}

/** `-o FILE`: the whole stream in one file, replaced only once it is complete. */
export function writeToFile(result: BuildResult, output: string): void {
  const dir = dirname(output);
  if (!existsSync(dir)) throw new OutputError(`cannot write '${output}': the directory '${dir}' does not exist`);
  const staging = join(dir, `.${basename(output)}.${process.pid}.kfm-tmp`);
  try {
    writePieces(staging, result.pieces());
    renameSync(staging, output);
  } catch (e) {
    removeQuietly(staging);
    if (e instanceof BuildError) throw e;
    throw cannotWrite(output, e);
  }
}

/**
 * kustomize would follow a name such as `/../../x` out of the directory: a file name must be one
 * plain name inside it.
 */
function checkFileName(name: string, r: Resource, output: string): void {
  if (name.includes('/') || name.includes('\\') || name.includes('\0')) {
    throw new OutputError(
      `cannot write ${idText(r.id())} to '${output}': its file name '${name}' holds a path separator, which would leave the directory`,
    );
  }
}

/** `-o DIR/`: one file per resource in an existing directory. */
export function writeToDirectory(result: BuildResult, output: string): void {
  if (!existsSync(output)) throw new OutputError(`cannot write to '${output}': the directory does not exist; create it first`);
  if (!statSync(output).isDirectory()) throw new OutputError(`cannot write to '${output}': it is not a directory`);
  const namespaces = new Set(result.resources.filter((r) => !isClusterScoped(r.id())).map((r) => r.id().namespace || 'default'));
  const names = result.resources.map((r) => {
    const name = outputFileName(r, namespaces.size > 1);
    checkFileName(name, r, output);
    return name;
  });
  let staging: string;
  try {
    staging = mkdtempSync(join(output, '.kfm-'));
  } catch (e) {
    throw cannotWrite(output, e);
  }
  const done: string[] = [];
  try {
    result.resources.forEach((r, i) => writePieces(join(staging, names[i]), [emitResource(r)]));
    for (const name of names) {
      renameSync(join(staging, name), join(output, name));
      done.push(name);
    }
  } catch (e) {
    if (e instanceof BuildError) throw e;
    throw cannotWrite(join(output, names[done.length] ?? ''), e);
  } finally {
    removeQuietly(staging);
  }
}

