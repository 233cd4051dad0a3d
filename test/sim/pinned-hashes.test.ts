/**
 * Pinned trace hashes. A run is a pure function of (seed, code): these
 * hashes change only when the simulator's behaviour (or, for the Raft pins,
 * the node's) changes. An unexpected change here means some draw, ordering or
 * timing moved; if the change is intended, re-pin with the values the failure
 * prints (and say why in the commit).
 *
 * The scripted-node pins cover the simulator alone (scheduling, network,
 * disk, crashes, clients), independent of the Raft node's evolution.
 */

import { describe, expect, it } from 'vitest';
import type { NodeEffect } from '../../src/harness/api.js';
import { defaultSystem } from '../../src/sim/default-system.js';
import { runSeed } from '../../src/sim/run.js';
import { scriptedFactory, scriptedSystem } from './helpers/scripted-system.js';

/** Gossip with persistence: every tick n may persist a counter and send it to a random peer; clients get instant answers. */
const gossip = scriptedSystem(
  scriptedFactory((options, input) => {
    switch (input.kind) {
      case 'tick': {
        if (options.randomInt(3) !== 0) return [];
        const peers = options.cluster.filter((id) => id !== options.id);
        const to = peers[options.randomInt(peers.length)]!;
        return [
          { kind: 'append', file: 'wal', bytes: Uint8Array.of(options.id, to) },
          { kind: 'fsync', file: 'wal' },
          { kind: 'send', to, message: options.randomInt(1000) },
        ];
      }
      case 'message':
        return input.message % 2 === 0 ? [{ kind: 'write', file: 'last', bytes: Uint8Array.of(input.message % 256) }] : [];
      case 'client-request': {
        const { client, seq, op } = input.request;
        const output = op.op === 'get' ? { value: '' } : op.op === 'cas' ? { ok: false } : {};
        const reply: NodeEffect<number> = { kind: 'reply', to: client, response: { kind: 'ok', seq, output } };
        return [reply];
      }
      case 'admin':
        return [{ kind: 'admin-reply', id: input.id, outcome: 'rejected' }];
    }
  }),
);

// Re-pinned on 2026-11-30: plans now draw run lengths, aimed crash points and pipelined clients;
// re-pinned again when each node instance got its own seed (NodeOptions.randomSeed) instead of
// drawing from the simulator's per-node timer stream, and when plans drew leadership transfers (issue 12);
// and when plans drew depositions and reader clients (issue 12, read paths); and when storage faults
// became more frequent (src/sim/storage-faults.ts, storage-aftermath.ts: seed 1 changed); and in round 5
// when the election timeout was drawn from [T, 2T), election storms, rejoin faults and established,
// clock-skewed depositions joined the plans; and in round 6 when every crash of a damaged-set node
// brought a storage fault, not half of them (seed 2 changed).
describe('pinned trace hashes', () => {
  it.each([
    [1, 'mixed', '0bf317a75af338a0'],
    [2, 'brutal', '8c7a8148cd915d21'],
    [3, 'calm', '8440375876903218'],
  ] as const)('scripted gossip, seed %i (%s)', (seed, profile, hash) => {
    const result = runSeed(seed, { profile }, gossip);
    expect(result.failure).toBeNull();
    // Brutal seed 2's plan holds a deposition, which waits for a leader whose term has committed: gossip
    // never reports one, so it never strikes (the pins of seeds 1 and 2 changed with that).
    expect(result.stats.messages.delivered).toBeGreaterThan(80);
    if (profile !== 'calm') expect(result.stats.crashes).toBeGreaterThan(0);
    expect(result.traceHash).toBe(hash);
  });
});

describe('pinned trace hashes of the Raft node', () => {
  // Re-pinned on 2026-11-30 when the knobs (batch cap, timers, snapshot regime, run length),
  // aimed crash points and pipelined clients became per-seed draws, and again when a node's
  // randomInt became the generator of its own seed (NodeOptions.randomSeed), and when issues 9, 12 and 14
  // added leader faults, features, membership changes, clocks and storage faults; a change to the node's
  // behaviour (not its speed) changes them. `node dist/src/cli/main.js --seed N` prints the hash.
  // Re-pinned for issues 12 and 14: features, transfers, membership changes and storage faults are drawn
  // per seed, and the node writes a second copy of its hard state. Re-pinned for issue 12's fast backoff
  // (conflict term and index) and the InstallSnapshot resend timeout: seed 1 changed; the other pins were
  // already stale at 9d0edd1 (the same values there). Re-pinned when plans drew depositions and reader
  // clients (src/sim/leader-depositions.ts, reader-clients.ts): every seed changed. Re-pinned after
  // AppendEntries pipelining (a drawn maxInflight; seeds 2 and 42 drew 1 and kept theirs) and the
  // transition faults (src/sim/transition-faults.ts: seeds 3 and 42 changed). Re-pinned when the
  // election timeout became [T, 2T) ticks (max = 2 min, src/sim/config.ts drawElectionTimeoutMax):
  // every seed's timers changed (its other draws did not). Re-pinned in round 6: every crash of a
  // damaged-set node brings a storage fault, not half of them (storage-faults.ts): seed 2 changed.
  // Re-pinned in round 7 (h-config): transition faults gained shapes of their own stream (leader
  // isolations with partners, long outages, transfer targets struck), the membership moment opens as
  // an addition reaches the leader, and a transfer that finds no leader waits for the next winner:
  // seeds 1 and 42 changed. Re-pinned in round 8 (h-lease): depositions come in every faulty profile
  // and wait for an established leader as long as the safety phase lasts: seeds 1 and 2 changed.
  // Re-pinned in round 9 (h-disk): snapshot echoes (src/sim/snapshot-echoes.ts) deliver a share of the
  // InstallSnapshot requests once more, late: seed 1 sends snapshots and changed.
  // Re-pinned in round 9 triage (t-avail): the merge of the five round-9 branches (52ce9d8) had moved
  // seeds 2, 3 and 42 already (those values are the merge's own); a leader answers an operator's
  // request for the configuration already in its log only once a no-op appended after it commits
  // (src/raft/reconfigure.ts, seed 4145): seed 1 asks for one and changed.
  // Re-pinned in round 11 (h-power): the liveness phase ends only once every running member caught up
  // with the leader's commit index (src/sim/convergence.ts), a heartbeat round later: every seed changed.
  // Re-pinned in round 12 (r12-power): in seeds whose network duplicates, a node that leads again is
  // handed the replication replies of its earlier leadership once more (src/sim/leader-reply-replays.ts):
  // seeds 1 and 42 re-elect a leader and changed.
  // Re-pinned in round 14a (h-power14a): a seed that reads by lease gets one shaped deposition after its
  // plain ones (src/sim/deposition-shapes.ts: one link cut, the leader frozen, late answers): seed 2 reads
  // by lease and changed (and so did the scripted gossip's seed 2, whose plan draws the same features).
  it.each([
    [1, 'cff5b9804ac65288'],
    [2, '0dad13896154f2c4'],
    [3, 'bf8162dc62f12eac'],
    [42, 'a650dd8a2d92e538'],
  ] as const)('seed %i', (seed, hash) => {
    const result = runSeed(seed, {}, defaultSystem);
    expect(result.failure).toBeNull();
    expect(result.traceHash).toBe(hash);
  });
});
