/**
 * Bytes to text, refusing invalid UTF-8. A lenient decoder would turn every
 * bad byte into U+FFFD, so keys `\xff` and `\xfe` would become the same key
 * (a false alarm) or distinct values the same value (a missed violation).
 */

import { HistoryInputError } from '../errors.js';

/** The text of a UTF-8 file (a leading byte order mark is dropped); throws HistoryInputError naming the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, fileName?: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    throw new HistoryInputError(`invalid UTF-8 at byte offset ${offset} (byte 0x${hexByte(bytes[offset])})`, { fileName });
  }
}

function hexByte(byte: number | undefined): string {
  return byte === undefined ? '??' : byte.toString(16).padStart(2, '0');
}

/**
 * Offset of the first byte of the first ill-formed sequence (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or -1 when there is none.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index++;
      continue;
    }
    const shape = sequenceShape(lead);
    if (shape === null) return index;
    const [length, secondLow, secondHigh] = shape;
    if (index + length > bytes.length) return index;
    const second = bytes[index + 1]!;
    if (second < secondLow || second > secondHigh) return index;
    for (let next = 2; next < length; next++) {
      const continuation = bytes[index + next]!;
      if (continuation < 0x80 || continuation > 0xbf) return index;
    }
    index += length;
  }
  return -1;
}

/** For a lead byte: the sequence length and the range its second byte must lie in; null when it cannot start one. */
function sequenceShape(lead: number): [number, number, number] | null {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  return null;
}
