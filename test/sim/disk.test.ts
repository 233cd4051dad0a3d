/**
 * The disk model (src/harness/api.ts contract): writes live in the page
 * cache until fsync; a crash loses unsynced bytes, sometimes keeping a torn
 * prefix of the unsynced tail; rename and delete are durable at once.
 */

import { describe, expect, it } from 'vitest';
import { Disk } from '../../src/sim/disk.js';
import { RandomStream } from '../../src/sim/random.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const noTear = (): RandomStream => new RandomStream(1, 'disk');

describe('Disk', () => {
  it('keeps synced bytes and loses unsynced ones on a crash (no tearing)', () => {
    const disk = new Disk();
    disk.append('wal', bytes(1, 2));
    disk.sync('wal');
    disk.append('wal', bytes(3, 4));
    expect(disk.content('wal')).toEqual(bytes(1, 2, 3, 4));
    const losses = disk.crash(noTear(), 0);
    expect(losses).toEqual([{ file: 'wal', lostBytes: 2, keptBytes: 0 }]);
    expect(disk.durableFiles()).toEqual(new Map([['wal', bytes(1, 2)]]));
  });

  it('makes a file vanish when it was never synced', () => {
    const disk = new Disk();
    disk.append('new', bytes(1));
    disk.write('other', bytes(2));
    disk.crash(noTear(), 0);
    expect(disk.durableFiles().size).toBe(0);
  });

  it('keeps a strict prefix of the unsynced tail when a write tears', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 200; seed++) {
      const disk = new Disk();
      disk.append('wal', bytes(1, 2));
      disk.sync('wal');
      disk.append('wal', bytes(3, 4, 5));
      disk.append('wal', bytes(6, 7));
      const [loss] = disk.crash(new RandomStream(seed, 'disk'), 1);
      const content = disk.durableFiles().get('wal')!;
      expect(content).toEqual(bytes(1, 2, 3, 4, 5, 6, 7).subarray(0, content.length));
      expect(content.length).toBeGreaterThanOrEqual(2);
      expect(content.length).toBeLessThan(7);
      expect(loss!.keptBytes + loss!.lostBytes).toBe(5);
      seen.add(content.length);
    }
    // Cut at any byte: every prefix length occurs.
    expect([...seen].sort()).toEqual([2, 3, 4, 5, 6]);
  });

  it('reverts a replaced file to its durable content, or tears the replacement', () => {
    const disk = new Disk();
    disk.write('meta', bytes(1, 1, 1));
    disk.sync('meta');
    disk.write('meta', bytes(2, 2, 2, 2));
    disk.crash(noTear(), 0);
    expect(disk.durableFiles().get('meta')).toEqual(bytes(1, 1, 1));

    let torn = 0;
    for (let seed = 0; seed < 50; seed++) {
      const tearing = new Disk();
      tearing.write('meta', bytes(1, 1, 1));
      tearing.sync('meta');
      tearing.write('meta', bytes(2, 2, 2, 2));
      tearing.crash(new RandomStream(seed, 'disk'), 1);
      const content = tearing.durableFiles().get('meta')!;
      // Either the old content (nothing of the new write kept) or a prefix of the new bytes.
      if (content.every((b) => b === 2)) torn++;
      else expect(content).toEqual(bytes(1, 1, 1));
    }
    expect(torn).toBeGreaterThan(0);
  });

  it('makes rename and delete durable at once, carrying only durable bytes across a crash', () => {
    const disk = new Disk();
    disk.write('snap.tmp', bytes(9, 9));
    disk.sync('snap.tmp');
    disk.append('snap.tmp', bytes(8));
    disk.rename('snap.tmp', 'snap');
    disk.append('gone', bytes(1));
    disk.sync('gone');
    disk.delete('gone');
    expect(disk.exists('snap.tmp')).toBe(false);
    disk.crash(noTear(), 0);
    expect(disk.durableFiles()).toEqual(new Map([['snap', bytes(9, 9)]]));
  });

  it('copies appended bytes, as write(2) does', () => {
    const disk = new Disk();
    const buffer = bytes(1, 2, 3);
    disk.append('wal', buffer);
    buffer[0] = 42;
    disk.sync('wal');
    expect(disk.durableFiles().get('wal')).toEqual(bytes(1, 2, 3));
  });

  it('rejects fsync and rename of missing files', () => {
    const disk = new Disk();
    expect(() => disk.sync('nope')).toThrow(/missing/);
    expect(() => disk.rename('nope', 'x')).toThrow(/missing/);
  });

  it('shows what a crash now would leave without crashing (crashImage): synced bytes only, the page cache untouched', () => {
    const disk = new Disk();
    disk.append('wal', bytes(1, 2));
    disk.sync('wal');
    disk.append('wal', bytes(3));
    disk.write('hard', bytes(9));
    disk.sync('hard');
    disk.write('hard', bytes(8));
    disk.append('new', bytes(7));
    expect(disk.crashImage()).toEqual(new Map([['hard', bytes(9)], ['wal', bytes(1, 2)]]));
    // Nothing changed: the node still sees its writes, and a real crash still decides what is lost.
    expect(disk.content('wal')).toEqual(bytes(1, 2, 3));
    expect(disk.content('hard')).toEqual(bytes(8));
    expect(disk.content('new')).toEqual(bytes(7));
  });

  it('gives no crash image while a lost write would zero synced bytes (a storage fault decides then)', () => {
    const disk = new Disk();
    disk.append('wal', bytes(1));
    disk.sync('wal');
    disk.loseNextSync('wal');
    disk.append('wal', bytes(2));
    disk.sync('wal');
    expect(disk.crashImage()).toBeNull();
  });
});
