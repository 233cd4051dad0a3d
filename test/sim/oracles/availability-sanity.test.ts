/**
 * Sanity of the availability oracle: three Rafts that are safe but not
 * available, each a small wrapper around ours, must fail as
 * `liveness:availability` within a few seeds, on seeds where our Raft passes.
 *
 * - deposer: a follower's election timer is never held off by the leader, so
 *   it deposes a healthy leader every election timeout;
 * - all-nodes: elections (and commits) need every node: the node believes in
 *   one more, silent, member, so a quorum of 3 + 1 is all three;
 * - no-up-to-date-candidates: a node whose log holds entries never stands.
 */

import { describe, expect, it } from 'vitest';
import type { NodeFactory, NodeInput, NodeView } from '../../../src/harness/api.js';
import { raftFactory, type RaftMessage } from '../../../src/raft/index.js';
import type { RaftNode } from '../../../src/raft/node.js';
import type { ConfigOverrides } from '../../../src/sim/config.js';
import { defaultSystem } from '../../../src/sim/default-system.js';
import { failureKindLabel, type RunResult } from '../../../src/sim/result.js';
import { runSeed } from '../../../src/sim/run.js';
import type { System } from '../../../src/sim/system.js';

/** A node id nobody runs: messages to it go nowhere. */
const PHANTOM = 99;

function system(factory: NodeFactory<RaftMessage>): System {
  return { factory: factory as NodeFactory<unknown>, checkHistory: defaultSystem.checkHistory };
}

/** Our Raft with some inputs swallowed before they reach the node. */
function filtering(name: string, swallow: (input: NodeInput<RaftMessage>, node: ReturnType<NodeFactory<RaftMessage>['start']>) => boolean): System {
  return system({
    ...raftFactory,
    name,
    start(options, files) {
      const node = raftFactory.start(options, files);
      return { step: (input) => (swallow(input, node) ? [] : node.step(input)), view: () => node.view() };
    },
  });
}

/**
 * Followers start an election every maximum election timeout, whatever they
 * hear from the leader. Its messages promise nothing (no `promises`), so that
 * ElectionTimerReset, which would see the early candidacies at once, leaves
 * the judgement to the availability oracle this file tests.
 */
const deposer = system({
  ...raftFactory,
  promises: () => null,
  name: 'deposer',
  start(options, files) {
    const node = raftFactory.start(options, files) as RaftNode;
    let ticks = 0;
    return {
      step(input) {
        if (input.kind === 'tick' && node.role === 'follower' && ++ticks >= options.tuning.electionTimeoutMaxTicks) {
          ticks = 0;
          node.electionElapsed = node.electionTimeout - 1; // this tick times out
        }
        return node.step(input);
      },
      view: () => node.view(),
    };
  },
});

const noUpToDateCandidates = filtering('no-up-to-date-candidates', (input, node) => {
  const view = node.view();
  return input.kind === 'tick' && view.role !== 'leader' && view.lastIndex > 0;
});

const allNodes = system({
  ...raftFactory,
  name: 'all-nodes',
  start(options, files) {
    const node = raftFactory.start({ ...options, cluster: [...options.cluster, PHANTOM] }, files);
    // The phantom is its secret: its view reports no configuration, so the simulator judges it by the real cluster.
    const view = Object.create(node.view(), { configuration: { value: undefined } }) as NodeView;
    return {
      step: (input) => node.step(input).filter((effect) => effect.kind !== 'send' || effect.to !== PHANTOM),
      view: () => view,
    };
  },
});

/**
 * A failing seed of 1..cap, with its result and our Raft's result on the same
 * seed: the witness (the first failure when last measured) when it still
 * fails, else the first of 1..cap, as the power test does. The seeds before a
 * witness only cost time; a change that moves what seeds draw falls back to
 * the search.
 */
function failureWithin(target: System, overrides: ConfigOverrides, cap: number, witness: number): { seed: number; result: RunResult; correct: RunResult } | null {
  for (const seed of [witness, ...Array.from({ length: cap }, (_, index) => index + 1)]) {
    const result = runSeed(seed, overrides, target);
    if (result.failure !== null) return { seed, result, correct: runSeed(seed, overrides, defaultSystem) };
  }
  return null;
}

describe('availability oracle sanity', () => {
  it.each([
    ['deposes a healthy leader every election timeout in a calm network', deposer, { profile: 'calm', nodes: 3 }, 10],
    // Crashes without membership changes: a node added to its cluster would make "every node" a majority again.
    ['needs every node to elect a leader', allNodes, { faults: 'crash', nodes: 3 }, 39],
    // Its first catch by this oracle is seed 2 since the leaderless bound counts only the calm members whose logs can
    // win (vote-chance.ts, logRoundChance): at seed 1 the stuck members' logs differ, the bound is longer, and the
    // liveness phase catches it first. 37 of seeds 1..40 fail here, seeds 1 and 40 in the liveness phase.
    ['keeps up-to-date nodes from ever standing', noUpToDateCandidates, { profile: 'crashes', nodes: 3 }, 2],
  ] as const)('a Raft that %s fails within a few seeds', (_what, target, overrides, witness) => {
    // Measured: the non-standing nodes fail at seed 1 (2 since the log-aware bound), the deposer at 10, all-nodes at seed 39 (6357c7d; the
    // witnesses above; the deposer at 1 and all-nodes at 37 in round 7). All-nodes
    // is unavailable only while a node stays down longer than the window (5 maximum election timeouts),
    // about 1 crash-only seed in 20 (6 of seeds 1..100 with the old timeout draw, 5 with [T, 2T)): its
    // catch at seed 6 was an early draw, not a higher rate.
    const found = failureWithin(target, overrides, 40, witness);
    expect(found, 'caught within 40 seeds').not.toBeNull();
    expect(failureKindLabel(found!.result.failure!)).toBe('liveness:availability');
    expect(found!.correct.failure).toBeNull();
  });
});
