/** In-memory CheckIo for CLI tests: files from a record, output collected, a clock that advances on every reading. */

import type { CheckIo } from '../../src/cli/check-command.js';

export interface MemoryIo extends CheckIo {
  outLines: string[];
  errLines: string[];
  written: Map<string, string>;
}

export function memoryIo(files: Record<string, string | Uint8Array>, millisecondsPerRead = 0): MemoryIo {
  let now = 0;
  const bytesOf = (file: string): Uint8Array => {
    const content = files[file];
    if (content === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
    return typeof content === 'string' ? Buffer.from(content) : content;
  };
  const io: MemoryIo = {
    outLines: [],
    errLines: [],
    written: new Map(),
    out: (line) => io.outLines.push(line),
    err: (line) => io.errLines.push(line),
    fileSize: (file) => bytesOf(file).length,
    readFile: (file) => {
      now += millisecondsPerRead;
      return bytesOf(file);
    },
    readHead: (file) => bytesOf(file).subarray(0, 1024),
    pathKind: (file) => (file === '.' || file === 'pages' ? 'directory' : file in files ? 'file' : 'missing'),
    writeFile: (file, text) => io.written.set(file, text),
    clock: () => now,
  };
  return io;
}
