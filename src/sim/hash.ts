/**
 * A small 64-bit-ish non-cryptographic hash: two 32-bit lanes (FNV-1a and a
 * Murmur-style multiplier) fed the same values. Deterministic across
 * platforms; used for trace hashes and fingerprints, never for security.
 */

const LANE_A_OFFSET = 0x811c9dc5;
const LANE_A_PRIME = 0x01000193;
const LANE_B_OFFSET = 0x9747b28c;
const LANE_B_PRIME = 0x5bd1e995;

export class Hash64 {
  private laneA = LANE_A_OFFSET;
  private laneB = LANE_B_OFFSET;

  /** Mixes a number; integers within 32 bits mix exactly, others by their low 32 bits. */
  number(value: number): this {
    this.laneA = Math.imul(this.laneA ^ (value | 0), LANE_A_PRIME);
    this.laneB = Math.imul(this.laneB ^ (value | 0), LANE_B_PRIME);
    this.laneB ^= this.laneB >>> 15;
    return this;
  }

  string(text: string): this {
    // Lanes in locals: this runs for every trace event, and field stores per character cost more than the mixing.
    let laneA = this.laneA;
    let laneB = this.laneB;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      laneA = Math.imul(laneA ^ code, LANE_A_PRIME);
      laneB = Math.imul(laneB ^ code, LANE_B_PRIME);
    }
    this.laneA = laneA;
    this.laneB = laneB;
    // The length ends the string, so ("ab","c") and ("a","bc") differ.
    return this.number(text.length);
  }

  bytes(data: Uint8Array): this {
    for (let i = 0; i < data.length; i++) {
      const code = data[i] as number;
      this.laneA = Math.imul(this.laneA ^ code, LANE_A_PRIME);
      this.laneB = Math.imul(this.laneB ^ code, LANE_B_PRIME);
    }
    return this.number(data.length);
  }

  /** 16 hex digits. */
  hex(): string {
    return (this.laneA >>> 0).toString(16).padStart(8, '0') + (this.laneB >>> 0).toString(16).padStart(8, '0');
  }
}

export function hashText(text: string): string {
  return new Hash64().string(text).hex();
}
