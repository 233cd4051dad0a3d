/**
 * Goal (issue 10, item 2): invalid UTF-8 is refused with exit 2 naming the
 * byte offset, never repaired to U+FFFD: keys `\xff` and `\xfe` must not
 * become the same key. Method: Porcupine kv and history@1 files with raw
 * \xff / \xfe bytes through the CLI, and the validator on the classic
 * ill-formed sequences.
 */

import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8Offset } from '../../checker/parse/utf8.js';
import { runCheckCommand } from '../../src/cli/check-command.js';
import { memoryIo } from './memory-io.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

function check(file: string, content: Uint8Array): { status: number; err: string[] } {
  const io = memoryIo({ [file]: content });
  const status = runCheckCommand({ files: [file], format: 'auto', json: false }, io);
  return { status, err: io.errLines };
}

describe('invalid UTF-8', () => {
  it('a Porcupine kv log with keys \\xff and \\xfe: exit 2 naming the byte offset', () => {
    // Decoded leniently, both keys are U+FFFD: the put to one would be seen by the get of the other.
    const log = bytes(
      '{:process 0, :type :invoke, :f :put, :key "',
      [0xff],
      '", :value "1"}\n{:process 0, :type :ok, :f :put, :key "',
      [0xff],
      '", :value "1"}\n{:process 1, :type :invoke, :f :get, :key "',
      [0xfe],
      '", :value nil}\n{:process 1, :type :ok, :f :get, :key "',
      [0xfe],
      '", :value "1"}\n',
    );
    const result = check('bytes.txt', log);
    expect(result.status).toBe(2);
    expect(result.err).toEqual(['bad input: bytes.txt: invalid UTF-8 at byte offset 43 (byte 0xff)']);
  });

  it('a history@1 file with a \\xfe byte in a value: exit 2 naming the byte offset', () => {
    const prefix = '{"format":"raft-check/history@1","model":"kv","operations":[{"client":0,"call":0,"return":1,"input":{"op":"put","key":"k","value":"';
    const file = bytes(prefix, [0xfe], '"},"output":{}}]}');
    const result = check('h.json', file);
    expect(result.status).toBe(2);
    expect(result.err).toEqual([`bad input: h.json: invalid UTF-8 at byte offset ${prefix.length} (byte 0xfe)`]);
  });

  it('valid multi-byte text (and a byte order mark) is read', () => {
    const text = '{:process 0, :type :invoke, :f :put, :key "ключ€😀", :value "1"}\n';
    expect(check('ok.txt', bytes([0xef, 0xbb, 0xbf], text)).status).toBe(0);
  });

  it.each([
    ['overlong slash', [0x61, 0xc0, 0xaf], 1],
    ['overlong three-byte', [0xe0, 0x80, 0x80], 0],
    ['surrogate', [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['lead byte 0xf5', [0xf5, 0x80, 0x80, 0x80], 0],
    ['lone continuation', [0x61, 0x80], 1],
    ['truncated sequence', [0x61, 0xe2, 0x82], 1],
    ['valid', [0x61, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], -1],
  ])('%s: first bad byte at %s', (_name, sequence, expected) => {
    const input = Uint8Array.from(sequence as number[]);
    expect(firstInvalidUtf8Offset(input)).toBe(expected);
    let strictOk = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      strictOk = false;
    }
    expect(strictOk).toBe(expected === -1);
  });
});
