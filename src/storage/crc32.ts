/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), "slicing by 4":
 * four derived tables let the loop consume four bytes per iteration.
 */

const TABLES = buildTables();

function buildTables(): Uint32Array[] {
  const base = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    base[n] = c >>> 0;
  }
  const tables = [base, new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  for (let n = 0; n < 256; n++) {
    let c = base[n]!;
    for (let t = 1; t < 4; t++) {
      c = base[c & 0xff]! ^ (c >>> 8);
      tables[t]![n] = c >>> 0;
    }
  }
  return tables;
}

const [T0, T1, T2, T3] = TABLES as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    crc ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    crc = T3[crc & 0xff]! ^ T2[(crc >>> 8) & 0xff]! ^ T1[(crc >>> 16) & 0xff]! ^ T0[crc >>> 24]!;
  }
  for (; i < end; i++) crc = T0[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * Whether some prefix of bytes[start, end) (of at least one byte) has CRC-32
 * `checksum`: one pass, the CRC of every prefix computed on the way.
 */
export function somePrefixHasCrc(bytes: Uint8Array, start: number, end: number, checksum: number): boolean {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) {
    crc = T0[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
    if (((crc ^ 0xffffffff) >>> 0) === checksum) return true;
  }
  return false;
}
