/**
 * Reading a file the user names, within a cap. A regular file is read at
 * once, after its size is checked; anything else (a pipe from `<(zcat
 * h.gz)`, a device) has no size, so it is read in chunks and refused as soon
 * as it passes the cap: `/dev/zero` read forever, holding all it read.
 * Errors are the usual ones (ENOENT, EISDIR, ...) for each caller's message,
 * or an InputTooLargeError.
 */

import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

/** The cap of every input but `check`'s (which has --max-input-mb): far above any file raft-check writes. */
export const DEFAULT_INPUT_CAP_BYTES = 256 * 2 ** 20;

const CHUNK = 1 << 20;

export class InputTooLargeError extends Error {
  override readonly name = 'InputTooLargeError';
}

/** The bytes of `path`, or a throw: an fs error, or InputTooLargeError past `maxBytes`. */
export function readBounded(path: string, maxBytes: number = DEFAULT_INPUT_CAP_BYTES): Buffer {
  const fd = openSync(path, 'r');
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: 'EISDIR' });
    if (stats.isFile()) {
      if (stats.size > maxBytes) throw new InputTooLargeError(`the file has ${stats.size} bytes, more than the cap of ${Math.floor(maxBytes)} bytes`);
      return readFileSync(fd);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const count = readSync(fd, chunk, 0, CHUNK, null);
      if (count === 0) return Buffer.concat(chunks, total);
      total += count;
      if (total > maxBytes) throw new InputTooLargeError(`it is not a regular file and gave more than the cap of ${Math.floor(maxBytes)} bytes`);
      chunks.push(chunk.subarray(0, count));
    }
  } finally {
    closeSync(fd);
  }
}
