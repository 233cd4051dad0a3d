/**
 * VoteGrantedWhenDue fed by hand (maximum election timeout 5 ticks; voter n1
 * with log 5@term 2 in a configuration {1,2,3}): a refusal of a RequestVote
 * Raft owes a grant fails; each exception (a stale term, a vote already given
 * to another candidate or to itself, a vote of the restart term, a candidate
 * less up to date, a non-voter, a damaged node that has not shown it votes,
 * leader stickiness) lets the refusal pass.
 */

import { describe, expect, it } from 'vitest';
import type { MessagePromises, NodeId, NodeInput, NodeView, Role } from '../../../src/harness/api.js';
import { stickinessBoundTicks, VoteGrantOracle } from '../../../src/sim/oracles/vote-grant.js';
import { bareView } from '../../support/bare-view.js';
import { violationOf } from './violation-of.js';

const MAX_TICKS = 5;
const VOTERS: readonly NodeId[] = [1, 2, 3];
const TICK: NodeInput<unknown> = { kind: 'tick' };

function view(term: number, role: Role = 'follower', lastIndex = 5, lastTerm = 2): NodeView {
  return { ...bareView(role, term), lastIndex, termAt: (index) => (index === lastIndex ? lastTerm : 1) };
}

function request(term: number, from: NodeId = 2, lastLogIndex = 5, lastLogTerm = 2, leadershipTransfer = false): NodeInput<unknown> {
  const message: MessagePromises = { term, campaign: true, candidateLastLogIndex: lastLogIndex, candidateLastLogTerm: lastLogTerm, leadershipTransfer };
  return { kind: 'message', from, message };
}

const refusal = (term: number): MessagePromises => ({ term, voteGranted: false });

/**
 * n1 started in term 1 and ticked past stickiness; `abstaining` nodes may withhold their vote; `votes` (term -> candidate) stands for the votes n1's messages promised.
 */
function setup(abstaining: readonly NodeId[] = [], votes = new Map<number, NodeId>()): { judge: VoteGrantOracle; ticks(count: number, term: number): void } {
  const judge = new VoteGrantOracle(
    (message) => message as MessagePromises,
    MAX_TICKS,
    (node) => abstaining.includes(node),
    (node, term) => (node === 1 ? votes.get(term) : undefined),
  );
  judge.started(1, view(1));
  const ticks = (count: number, term: number): void => {
    for (let t = 0; t < count; t++) judge.afterStep(1, TICK, 'follower', term, view(term), VOTERS);
  };
  ticks(MAX_TICKS + 1, 1);
  return { judge, ticks };
}

describe('VoteGrantedWhenDue', () => {
  it('fails a refusal of an up-to-date candidate of a newer term', () => {
    const { judge } = setup();
    judge.afterStep(1, request(3, 2, 6, 2), 'follower', 1, view(3), VOTERS);
    expect(violationOf(() => judge.sent(1, 2, refusal(3)))).toBe(
      "n1 refused n2 its vote in term 3, which Raft requires it to grant: the candidate's log (last entry 6@term 2) is at least as up to date as its own (5@term 2), it voted for no one else in term 3, it and the candidate are voters of its configuration, it is not a damaged node that has yet to show it votes again, and no leader of its term or a newer one reached it for 6 of its ticks (stickiness lasts at most a maximum election timeout, 5)",
    );
  });

  it('fails a refusal to the candidate it already voted for, and judges only the reply to that candidate', () => {
    const { judge } = setup([], new Map([[3, 2]]));
    judge.afterStep(1, request(3), 'follower', 3, view(3), VOTERS);
    expect(violationOf(() => judge.sent(1, 3, refusal(3)))).toBeNull();
    expect(violationOf(() => judge.sent(1, 2, { term: 3, voteGranted: true }))).toBeNull();
    expect(violationOf(() => judge.sent(1, 2, refusal(3)))).toMatch(/^n1 refused n2 its vote in term 3/);
  });

  it('lets a voter refuse a request of an older term', () => {
    const { judge } = setup();
    judge.afterStep(1, request(2), 'follower', 3, view(3), VOTERS);
    expect(violationOf(() => judge.sent(1, 2, refusal(3)))).toBeNull();
  });

  it('lets a voter refuse once it voted for another candidate in the term, or for itself', () => {
    const { judge } = setup([], new Map([[3, 3]]));
    judge.afterStep(1, request(3), 'follower', 3, view(3), VOTERS);
    expect(violationOf(() => judge.sent(1, 2, refusal(3)))).toBeNull();
    judge.afterStep(1, TICK, 'follower', 3, view(4, 'candidate'), VOTERS);
    judge.afterStep(1, request(4), 'candidate', 4, view(4), VOTERS);
    expect(violationOf(() => judge.sent(1, 2, refusal(4)))).toBeNull();
  });

  it('lets a restarted voter refuse in the term it restarted in (its vote there may never have been sent), not in a newer one', () => {
    const { judge, ticks } = setup();
    judge.started(1, view(3));
    ticks(MAX_TICKS + 1, 3);
    judge.afterStep(1, request(3), 'follower', 3, view(3), VOTERS);
    expect(violationOf(() => judge.sent(1, 2, refusal(3)))).toBeNull();
    judge.afterStep(1, request(4), 'follower', 3, view(4), VOTERS);
    expect(violationOf(() => judge.sent(1, 2, refusal(4)))).toMatch(/^n1 refused n2 its vote in term 4/);
  });

  it('lets a voter refuse a candidate whose log is less up to date (section 5.4.1)', () => {
    const { judge } = setup();
    judge.afterStep(1, request(3, 2, 9, 1), 'follower', 1, view(3), VOTERS);
    expect(violationOf(() => judge.sent(1, 2, refusal(3)))).toBeNull();
    judge.afterStep(1, request(4, 2, 4, 2), 'follower', 3, view(4), VOTERS);
    expect(violationOf(() => judge.sent(1, 2, refusal(4)))).toBeNull();
  });

  it('lets a node outside its configuration, one asked by a candidate outside it (hashicorp/raft refuses those), or a damaged one yet to show it votes, refuse', () => {
    const outside = setup();
    outside.judge.afterStep(1, request(3), 'follower', 1, view(3), [2, 3, 4]);
    expect(violationOf(() => outside.judge.sent(1, 2, refusal(3)))).toBeNull();
    const outsider = setup();
    outsider.judge.afterStep(1, request(3), 'follower', 1, view(3), [1, 3, 4]);
    expect(violationOf(() => outsider.judge.sent(1, 2, refusal(3)))).toBeNull();
    const damaged = setup([1]);
    damaged.judge.afterStep(1, request(3), 'follower', 1, view(3), VOTERS);
    expect(violationOf(() => damaged.judge.sent(1, 2, refusal(3)))).toBeNull();
  });

  it('lets leader stickiness apply within a maximum election timeout (and a tick) of a start or a leader of its term or newer, or while leading', () => {
    const started = new VoteGrantOracle((message) => message as MessagePromises, MAX_TICKS, () => false, () => undefined);
    started.started(1, view(1));
    for (let t = 0; t < MAX_TICKS; t++) started.afterStep(1, TICK, 'follower', 1, view(1), VOTERS);
    started.afterStep(1, request(3), 'follower', 1, view(3), VOTERS);
    expect(violationOf(() => started.sent(1, 2, refusal(3)))).toBeNull();

    const { judge, ticks } = setup();
    judge.afterStep(1, { kind: 'message', from: 3, message: { term: 2, fromLeader: true } }, 'follower', 2, view(2), VOTERS);
    ticks(MAX_TICKS, 2);
    judge.afterStep(1, request(3), 'follower', 2, view(3), VOTERS);
    expect(violationOf(() => judge.sent(1, 2, refusal(3)))).toBeNull();
    // A leader's message of an older term does not count; one of a newer term does.
    judge.afterStep(1, { kind: 'message', from: 3, message: { term: 2, fromLeader: true } }, 'follower', 3, view(3), VOTERS);
    ticks(1, 3);
    judge.afterStep(1, request(4), 'follower', 3, view(4), VOTERS);
    expect(violationOf(() => judge.sent(1, 2, refusal(4)))).toMatch(/^n1 refused n2 its vote in term 4/);
    judge.afterStep(1, { kind: 'message', from: 4, message: { term: 9, fromLeader: true } }, 'follower', 4, view(4), VOTERS);
    ticks(MAX_TICKS + 1, 4);
    judge.afterStep(1, request(5), 'leader', 4, view(5), VOTERS);
    expect(violationOf(() => judge.sent(1, 2, refusal(5)))).toBeNull();
  });

  it('judges a leadership-transfer request however recently the voter heard a leader (section 3.10)', () => {
    const { judge } = setup();
    judge.afterStep(1, { kind: 'message', from: 3, message: { term: 2, fromLeader: true } }, 'follower', 2, view(2), VOTERS);
    judge.afterStep(1, request(3, 2, 5, 2, true), 'follower', 2, view(3), VOTERS);
    expect(violationOf(() => judge.sent(1, 2, refusal(3)))).toMatch(/it is a leadership-transfer election, which stickiness lets through$/);
  });

  it('waits out the longest election timeout a node may draw, so no design of stickiness is judged (hashicorp/raft keeps its leader until its own timer fires)', () => {
    expect(stickinessBoundTicks({ maxEntriesPerAppend: 4, heartbeatTicks: 2, electionTimeoutMinTicks: 10, electionTimeoutMaxTicks: 20, maxInflight: 1 })).toBe(20);
  });
});
