/**
 * A restart that finds one hard-state slot damaged records the damage over the other slot when that one
 * can be spared (its hard state is in an undamaged WAL): the damaged one may be the only trace of the
 * damage, and a crash tearing the write over it leaves a torn slot beside an older one that trusts the
 * disk. Seed 51648 of `--nodes 5 --profile brutal`: n4's newest slot (recording that it was repairing)
 * flipped a bit, the next restart's write over it tore, and the restart after that trusted its storage and
 * voted (StorageTrustVote). When the WAL is damaged too, the readable slot is the only copy of the term and
 * the WAL's damage is the trace: the record goes over the damaged slot (seeds 29373 and 6751 lost the term,
 * RestartKeepsTerm, when it went over the readable one).
 */

import { describe, expect, it } from 'vitest';
import type { NodeEffect } from '../../src/harness/api.js';
import { defaultSystem } from '../../src/sim/default-system.js';
import { runSeed } from '../../src/sim/run.js';
import { WAL_FILE } from '../../src/storage/files.js';
import { encodeHardStateCopy, HARD_STATE_SLOTS } from '../../src/storage/hard-state-copies.js';
import { recover } from '../../src/storage/recovery.js';
import { durableFiles } from './helpers/durable-files.js';

/** Term 1 reached, then the vote for n1: slot seq 1 (raft.hard.1) and seq 2 (raft.hard.0, the newest). */
function voted(): Map<string, Uint8Array> {
  return durableFiles((writer, effects) => {
    writer.recordHardState({ term: 1, votedFor: null });
    writer.sync(effects);
    writer.recordHardState({ term: 1, votedFor: 1 });
    writer.sync(effects);
  });
}

/** The slot file the recovery's damage record goes to, and that record torn by a crash (a prefix of it lands). */
function tearDamageRecord(files: Map<string, Uint8Array>, repair: readonly NodeEffect<never>[]): string {
  const write = repair.find((effect) => effect.kind === 'write' && (HARD_STATE_SLOTS as readonly string[]).includes(effect.file));
  expect(write).toBeDefined();
  const { file, bytes } = write as { file: string; bytes: Uint8Array };
  files.set(file, bytes.subarray(0, bytes.length - 4));
  return file;
}

describe('the damage record of a restart that found a slot damaged', () => {
  it('goes over the readable slot, so a crash tearing it leaves the damaged one and the next restart still repairs', () => {
    const files = voted();
    const newest = files.get('raft.hard.0')!;
    newest[newest.length - 3]! ^= 1 << 2;
    const first = recover(files);
    expect(first.trust).toBe('repairing');
    // A crash tears the damage record: a prefix of it lands.
    expect(tearDamageRecord(files, first.repair)).toBe('raft.hard.1');
    expect(recover(files)).toMatchObject({ trust: 'repairing', hardState: { term: 1, votedFor: 1 } });
  });

  it('goes over the damaged slot when the WAL is damaged too: the readable slot is then the only copy of the term', () => {
    const files = voted();
    const newest = files.get('raft.hard.0')!;
    newest[newest.length - 3]! ^= 1 << 2;
    // A flipped bit in the WAL's first record (its payload starts at byte 8): a damaged synced record.
    files.get(WAL_FILE)![12]! ^= 1 << 1;
    const first = recover(files);
    expect(first.trust).toBe('repairing');
    // A crash tears the damage record: a prefix of it lands.
    expect(tearDamageRecord(files, first.repair)).toBe('raft.hard.0');
    // The tear leaves the older slot's term (seeds 29373 and 6751 lost it when the record went over that slot).
    expect(recover(files)).toMatchObject({ trust: 'repairing', hardState: { term: 1 } });
  });

  it('goes over the damaged slot when the readable one records the damage: that one is the trace', () => {
    const files = voted();
    // The newest slot records a repair in progress; the older one fails to read (a latent sector error that
    // reads whole again at the next restart, over a copy that trusts the disk: seed 14634 of --profile brutal).
    files.set('raft.hard.0', encodeHardStateCopy({ seq: 2, hardState: { term: 1, votedFor: 1 }, trust: 'repairing' }));
    const older = files.get('raft.hard.1')!;
    const whole = older.slice();
    older.fill(0, 8);
    const first = recover(files);
    // A crash tears the damage record: a prefix of it lands.
    const target = tearDamageRecord(files, first.repair);
    expect(target).toBe('raft.hard.1');
    expect(recover(files).trust).toBe('repairing');
    files.set(target, whole);
    expect(recover(files).trust).toBe('repairing');
  });

  it('seeds 51648, 29373 and 6751 (--nodes 5 --profile brutal) and 14634 (--profile brutal) pass', () => {
    expect(runSeed(14634, { profile: 'brutal' }, defaultSystem).failure?.message ?? null).toBeNull();
    for (const seed of [29373, 6751]) expect(runSeed(seed, { nodes: 5, profile: 'brutal' }, defaultSystem).failure?.message ?? null).toBeNull();
    const result = runSeed(51648, { nodes: 5, profile: 'brutal' }, defaultSystem);
    expect(result.failure?.message ?? null).toBeNull();
  });
});
