/** Record framing and CRC: roundtrip, every torn tail, corrupt checksums. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/storage/crc32.js';
import { frameRecords, RECORD_HEADER_BYTES, unframeRecords } from '../../src/storage/record-framing.js';

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(bytesOf('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('agrees with the plain bytewise algorithm on any range, short or long (snapshots, compacted WALs)', () => {
    const bytewise = (bytes: Uint8Array, start: number, end: number): number => {
      let crc = 0xffffffff;
      for (let i = start; i < end; i++) {
        crc ^= bytes[i]!;
        for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
      }
      return (crc ^ 0xffffffff) >>> 0;
    };
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ minLength: 500, maxLength: 1200 })), fc.nat(), fc.nat(), (bytes, a, b) => {
        const start = a % (bytes.length + 1);
        const end = start + (b % (bytes.length - start + 1));
        expect(crc32(bytes, start, end)).toBe(bytewise(bytes, start, end));
      }),
    );
  });
});

describe('framing', () => {
  it('roundtrips, and a random truncation yields exactly the whole records before the cut', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 12 }), fc.nat(), (payloads, cutSeed) => {
        const bytes = frameRecords(payloads);
        const whole = unframeRecords(bytes);
        expect(whole.damage).toBeNull();
        expect(whole.validLength).toBe(bytes.length);
        expect(whole.payloads.map((p) => [...p])).toEqual(payloads.map((p) => [...p]));

        const cut = bytes.length === 0 ? 0 : cutSeed % (bytes.length + 1);
        const torn = unframeRecords(bytes.subarray(0, cut));
        let boundary = 0;
        let complete = 0;
        while (complete < payloads.length && boundary + RECORD_HEADER_BYTES + payloads[complete]!.length <= cut) {
          boundary += RECORD_HEADER_BYTES + payloads[complete]!.length;
          complete++;
        }
        expect(torn.payloads.length).toBe(complete);
        expect(torn.validLength).toBe(boundary);
        expect(torn.damage).toBe(cut === boundary ? null : 'torn');
      }),
    );
  });

  it('stops at a record whose checksum fails', () => {
    const bytes = frameRecords([bytesOf('first'), bytesOf('second'), bytesOf('third')]);
    const secondPayloadStart = RECORD_HEADER_BYTES + 5 + RECORD_HEADER_BYTES;
    bytes[secondPayloadStart + 2]! ^= 0x40;
    const result = unframeRecords(bytes);
    expect(result.payloads.map((p) => new TextDecoder().decode(p))).toEqual(['first']);
    expect(result.damage).toBe('corrupt');
    expect(result.validLength).toBe(RECORD_HEADER_BYTES + 5);
  });

  it('treats an absurd length in a torn header as torn, not as a huge record', () => {
    const bytes = frameRecords([bytesOf('ok')]);
    const garbage = new Uint8Array([...bytes, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4, 5]);
    const result = unframeRecords(garbage);
    expect(result.payloads.length).toBe(1);
    expect(result.damage).toBe('torn');
  });
});
