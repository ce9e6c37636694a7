/**
 * Reading a file that may not be what its name promises: the inputs of a build, and the entries
 * of kfm's caches, where a FIFO or a device may stand. Kept apart (it needs node:fs alone) so that
 * the build, the caches and the remote store share it without importing each other.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/** The largest file a build reads, in MiB: KFM_MAX_FILE_MB, default 256 (no manifest is near it). */
function maxFileBytes(): number {
  const mb = Number(process.env.KFM_MAX_FILE_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : 256) * 1024 * 1024;
}

/**
 * A descriptor open for reading on a regular file, and the file's size; anything else (a FIFO
 * that would block, a device such as /dev/zero that never ends) is refused before reading. The
 * caller closes it.
 */
export function openRegular(abs: string): { fd: number; size: number } {
  // O_NONBLOCK: opening a FIFO must not wait for a writer before it can be refused.
  const fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error('it is not a regular file');
    return { fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** A regular file's bytes (see {@link openRegular}); a file past the size limit is refused too. */
export function readRegular(abs: string): Buffer {
  const { fd, size } = openRegular(abs);
  try {
    const limit = maxFileBytes();
    if (size > limit) {
      throw new Error(`it is ${Math.ceil(size / 1048576)} MiB, over the ${limit / 1048576} MiB limit (KFM_MAX_FILE_MB)`);
    }
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
