/**
 * Round 14a's batch: slips of the classes round 13c found the simulator could
 * not reach, written fresh to check the deposition shapes that now reach them
 * (src/sim/deposition-shapes.ts): a lease that stickiness must protect while
 * the leader is cut off from one follower only, a lease renewed or dated by
 * answers that arrive late. Each is one edit a person makes after reading the
 * file; none repeats an earlier batch's mutant (name, and no find text is an
 * earlier find in the same file).
 *
 * Same shape as the other batches: a text patch of one BUILT file under
 * dist/src whose `find` occurs exactly once. `kind` names the slip.
 */
export const MUTANTS_ROUND14A = [
  {
    name: 'ignored-vote-request-adopts-term',
    file: 'raft/node.js',
    kind: 'wrong order (term rule before stickiness)',
    what: "a RequestVote that leader stickiness ignores still moves the node to the candidate's term (Figure 2's rule for all servers applied first): the voter refuses the vote, but its next answer deposes the leader it still hears, and a node cut off from the leader alone unseats it",
    find: "        if (message.kind === 'RequestVote' && ignoresVoteRequest(this, message))\n            return;\n",
    replace: "        if (message.kind === 'RequestVote' && ignoresVoteRequest(this, message)) {\n            this.becomeFollower(message.term, null);\n            return;\n        }\n",
  },
  {
    name: 'stickiness-by-election-timer',
    file: 'raft/leader-stickiness.js',
    kind: 'wrong variable (timer, not leader contact)',
    what: 'stickiness asks the election timer rather than the time since the leader was heard (etcd-style inLease): the timer also restarts when the node grants a vote or may not stand, so it is no measure of the leader\'s lease',
    find: '(node.leaderId !== null && node.ticksSinceLeaderHeard < minTicks)',
    replace: '(node.leaderId !== null && node.electionElapsed < minTicks)',
  },
  {
    name: 'lease-dated-from-next-round',
    file: 'raft/read-index.js',
    kind: 'off by one (round)',
    what: 'the lease of a confirmed round is dated from the send of the round after it, when there is one: a majority answered the earlier round only, and the later one may be lost',
    find: '            this.leaseStart = sentAt;',
    replace: '            this.leaseStart = this.startedAt.get(round + 1) ?? sentAt;',
  },
  {
    name: 'round-answer-taken-for-newest',
    file: 'raft/read-index.js',
    kind: 'wrong variable (answered round)',
    what: "a peer's answer is recorded as answering the newest round started rather than the round it echoes, so a late answer to an old heartbeat confirms rounds the peer never saw: ReadIndex reads that arrived after it and the lease both count on it",
    find: '        this.answered.set(peer, round);',
    replace: '        this.answered.set(peer, this.round);',
  },
];
