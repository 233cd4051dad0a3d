/**
 * LeaderVoteMajority wired into a run: a five-node system whose n1 stands in
 * term 2 and takes leadership on the first grant that reaches it (two votes
 * of five, its own counted) is failed at that step, though no rival leader,
 * lost entry or stale read ever shows it. The same system waiting for a
 * majority of grants is not failed by it.
 */

import { describe, expect, it } from 'vitest';
import type { MessagePromises, NodeEffect, NodeFactory, NodeInput, NodeView, Role, SimNode } from '../../src/harness/api.js';
import { drawPlan } from '../../src/sim/plan.js';
import { runPlan } from '../../src/sim/run.js';
import { alwaysLinearizable } from './helpers/scripted-system.js';

type Message = { readonly kind: 'vote'; readonly term: number } | { readonly kind: 'grant'; readonly term: number } | { readonly kind: 'beat'; readonly term: number };

const VOTERS = [1, 2, 3, 4, 5];

/** n1 asks everyone's vote in term 2 once its election timer ran out and leads once `needed` grants (itself aside) reached it. */
function standingFactory(needed: number): NodeFactory<Message> {
  return {
    name: 'stands-on-few-votes',
    start(options, files): SimNode<Message> {
      let role: Role = 'follower';
      // The term and vote reach the disk before any message that promises them (a ghost recovery reads them).
      const durable = files.get('hard');
      let term = durable?.[0] ?? 1;
      let votedFor = durable?.[1] ?? 0;
      const persist = (): NodeEffect<Message>[] => [
        { kind: 'write', file: 'hard', bytes: Uint8Array.of(term, votedFor) },
        { kind: 'fsync', file: 'hard' },
      ];
      const granted = new Set<number>();
      let ticks = 0;
      const view: NodeView = {
        get role() {
          return role;
        },
        get term() {
          return term;
        },
        commitIndex: 0,
        appliedIndex: 0,
        snapshotIndex: 0,
        lastIndex: 0,
        termAt: () => 0,
        entryDigest: () => 'noop',
        stateDigest: () => 'empty',
        configuration: () => VOTERS,
      };
      const step = (input: NodeInput<Message>): NodeEffect<Message>[] => {
        if (input.kind === 'tick') ticks++;
        if (options.id === 1 && input.kind === 'tick' && term === 1 && ticks > options.tuning.electionTimeoutMaxTicks) {
          term = 2;
          votedFor = 1;
          role = 'candidate';
          return [...persist(), ...VOTERS.filter((id) => id !== 1).map((to) => ({ kind: 'send' as const, to, message: { kind: 'vote' as const, term: 2 } }))];
        }
        if (options.id === 1 && role === 'leader' && input.kind === 'tick')
          return VOTERS.filter((id) => id !== 1).map((to) => ({ kind: 'send' as const, to, message: { kind: 'beat' as const, term: 2 } }));
        if (input.kind !== 'message') return [];
        const message = input.message;
        if (message.kind === 'vote' && message.term > term) {
          term = message.term;
          votedFor = input.from;
          return [...persist(), { kind: 'send', to: input.from, message: { kind: 'grant', term: message.term } }];
        }
        if (message.kind === 'grant' && role === 'candidate') {
          granted.add(input.from);
          if (granted.size >= needed) role = 'leader';
        }
        return [];
      };
      return { step, view: () => view };
    },
    describeMessage: (message) => `${message.kind} t${message.term}`,
    messageKind: (message) => message.kind,
    promises: (message): MessagePromises => (message.kind === 'grant' ? { term: message.term, voteGranted: true } : message.kind === 'beat' ? { term: message.term, fromLeader: true } : { term: message.term - 1 }),
  };
}

function run(needed: number) {
  const plan = drawPlan(1, { nodes: 5, clients: 1, opsPerClient: 0, safetyMs: 500, profile: 'calm' });
  plan.config.faults = { ...plan.config.faults, dropRate: 0, duplicateRate: 0, tornWriteRate: 0 };
  plan.faults = [];
  return runPlan(plan, { factory: standingFactory(needed) as NodeFactory<unknown>, checkHistory: alwaysLinearizable });
}

describe('LeaderVoteMajority in a run', () => {
  it('fails a node that leads on two votes of five', () => {
    const result = run(1);
    expect(result.failure?.kind).toBe('safety');
    expect(result.failure?.kind === 'safety' ? result.failure.invariant : null).toBe('LeaderVoteMajority');
    expect(result.failure?.message).toContain('n1 became leader of term 2 with grants of term 2 from n');
    expect(result.failure?.message).toContain('2 of the 5 voters [1, 2, 3, 4, 5], itself included, not a majority');
  });

  it('does not fail the same node when it waits for a majority of grants', () => {
    const result = run(2);
    expect(result.failure?.kind === 'safety' ? result.failure.invariant : null).not.toBe('LeaderVoteMajority');
  });
});
