/**
 * Writing the command's output to a file descriptor synchronously, in pieces, so that an output of
 * any size needs no single string, and so that the same code works on a worker thread. A reader
 * that went away (`kfm build | head`) ends the command quietly; any other failure (a full disk) is
 * a one-line error.
 */
import { writeSync } from 'node:fs';

/** The reader of the output closed it (EPIPE): not an error, nothing more to do. */
export class OutputClosed extends Error {
  readonly code = 'KFM_OUTPUT_CLOSED';
}

/** A write that failed for another reason, with the errno code. */
export class OutputError extends Error {
  readonly code = 'KFM_OUTPUT';
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `text` to `fd`, waiting out a non-blocking descriptor that is full. */
export function writeAll(fd: number, text: string | Buffer, what: string): void {
  let buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  while (buf.length) {
    let n: number;
    try {
      n = writeSync(fd, buf);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 5);
        continue;
      }
      if (code === 'EPIPE') throw new OutputClosed();
      throw new OutputError(`cannot write ${what}: ${describeErrno(e)}`);
    }
    buf = buf.subarray(n);
  }
}

/** An errno failure as a short phrase (`no space left on device (ENOSPC)`), without paths. */
export function describeErrno(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const m = /^[A-Z]+: ([^,]+)/.exec(err.message ?? '');
  return m && err.code ? `${m[1]} (${err.code})` : String(err.message ?? e);
}

/** Writes to stdout (text, or UTF-8 bytes); see {@link writeAll}. */
export function writeStdout(text: string | Buffer): void {
  writeAll(1, text, 'the output');
}

/** Writes to stderr; a closed stderr is ignored (there is no one left to tell). */
export function writeStderr(text: string): void {
  try {
    writeAll(2, text, 'to stderr');
  } catch {
    // Nowhere to report it.
  }
}
