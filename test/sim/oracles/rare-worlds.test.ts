/**
 * The correct Raft where the usual sweeps rarely look (round 12): each run
 * below failed it on an oracle that was unsound for every correct design, and
 * passes now. Each names the class it stands for (docs/availability-and-promises.md,
 * "Round 12").
 */

import { describe, expect, it } from 'vitest';
import type { NodeEffect, NodeFactory } from '../../../src/harness/api.js';
import { defaultSystem } from '../../../src/sim/default-system.js';
import { runSeed } from '../../../src/sim/run.js';
import type { System } from '../../../src/sim/system.js';

/**
 * Our Raft on a slow disk: before the effects of every input but a tick, it syncs a pad file four times.
 * Extra fsyncs break no promise; they only block the node, so its inbox deepens and its ticks come late.
 */
function slowDisk(): System {
  const inner = defaultSystem.factory;
  const pad = new Uint8Array(1);
  const factory: NodeFactory<unknown> = {
    ...inner,
    start(options, files) {
      const node = inner.start(options, files);
      return {
        view: () => node.view(),
        step(input, now) {
          const effects = node.step(input, now);
          if (input.kind === 'tick') return effects;
          const slow: NodeEffect<unknown>[] = [];
          for (let i = 0; i < 4; i++) slow.push({ kind: 'append', file: 'pad', bytes: pad }, { kind: 'fsync', file: 'pad' });
          return [...slow, ...effects];
        },
      };
    },
  };
  return { ...defaultSystem, factory };
}

describe('rare worlds of the correct Raft', () => {
  it.each([
    // A snapshot a follower acknowledged, then lost to an unreadable block, while its leader was paused.
    [2167, { faults: 'storage,pause,crash' }],
    // Whole again against a node's first storage loss, not its second.
    [5320, { faults: 'storage,pause,crash' }],
    // A leader starved of ticks behind a pipelining client: its followers time out.
    [440, { faults: 'torn' }],
    // A voter with a stale configuration stands in terms a candidate never hears (PreVote off).
    [43511, {}],
    // Every candidate needs a voter that hides its terms: no round is expected to win, no bound.
    [5079, { profile: 'brutal', selfChecks: false }],
    // A removed server, unaware of it, deposes the leader again and again (PreVote and CheckQuorum off).
    [1881, { nodes: 5, profile: 'partitions' }],
    // Two followers 169 entries behind, caught up one entry per AppendEntries over a slow disk: still
    // progressing when the 6 s phase ran out (liveness-phase.ts goes on while laggards progress).
    [66, { opsPerClient: 200 }],
    // A node down through a whole term, then repaired by that term's deposed leader: it is asked to hold
    // what it helped commit, not what the newer term committed without it (storage-trust.ts).
    [4479, { nodes: 5, profile: 'brutal' }],
    // A repaired node whose leader commits on its lost acknowledgement while its new acknowledgement of the same
    // entries is in flight: it holds them again when it votes (storage-trust.ts `acknowledged`).
    [7002178, {}],
    // Our Raft's bug, not an oracle's: the leader counted a success sent before the follower lost its storage
    // (delayed in the network) after the follower had reported the loss, raised matchIndex over entries it no
    // longer held, and committed on that phantom copy; the follower then campaigned short (StorageTrustCampaign).
    [3000614, {}],
    // Three calm voters of four, all needed: any second candidate within a vote request's flight splits
    // the round, far more often than on the windows with voters to spare W was measured on (vote-chance.ts).
    [32640, { nodes: 5, profile: 'brutal' }],
    // A removed server names another, stopped for good, as leader, and the round robin after that one leads
    // back to the first: clients in the liveness phase went round for 6 s while n2 led (client-routing.ts).
    [55069, { nodes: 5, profile: 'brutal' }],
  ] as const)('seed %i %o passes', (seed, overrides) => {
    const result = runSeed(seed, overrides, defaultSystem);
    expect(result.failure?.message ?? null).toBeNull();
  });

  it('a cut-off leader on a slow disk, behind 24 clients, is judged on the ticks it saw (CheckQuorum)', () => {
    // Before: "n1 has led term 2 since t=1021 without being able to reach a majority ... must step down within 780ms".
    const result = runSeed(37, { faults: 'partition', clients: 24 }, slowDisk());
    expect(result.failure?.message ?? null).toBeNull();
  });
});
