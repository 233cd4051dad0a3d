/**
 * Round 13c's batch: slips a grader writes by hand in the FEATURES rather than
 * the core (round13b.mjs has the core): membership changes and the catch-up
 * of a new server, leadership transfer, PreVote, CheckQuorum, leader
 * stickiness, lease and ReadIndex reads, storage recovery and repair after
 * damage, client sessions across leader changes, and the pipelined
 * AppendEntries window. Each is one edit a person makes after reading the
 * file; none repeats an earlier batch's mutant (name, file and find text were
 * checked against mutants.mjs and round8..round13b, and no line of a find is a
 * line of an earlier find in the same file).
 *
 * storage/repair.js and storage/recovery.js are mutated as they stand in this
 * round's build (commit 3d2a36c); another helper is changing those files this
 * round, so their finds may need refreshing after that lands
 * (test/mutants checks every batch's finds against dist).
 *
 * Same shape as the other batches: a text patch of one BUILT file under
 * dist/src whose `find` occurs exactly once. `kind` names the slip.
 */
export const MUTANTS_ROUND13C = [
  // ---- leader stickiness, PreVote and the clock leases stand on ---------------------------------------
  {
    name: 'leader-contact-not-noted',
    file: 'raft/node.js',
    kind: 'forgotten assignment',
    what: 'a follower never resets ticksSinceLeaderHeard when its leader\'s AppendEntries or InstallSnapshot arrives, so after one election timeout it believes no leader is alive: stickiness lets any newer candidate through and PreVote grants, while the leader\'s lease still holds',
    find: '                this.ticksSinceLeaderHeard = 0;\n',
    replace: '',
  },
  {
    name: 'vote-request-always-transfer',
    file: 'raft/node.js',
    kind: 'wrong flag',
    what: 'every RequestVote carries leadershipTransfer: true (the ternary written as a spread of the parameter\'s truthy default), so leader stickiness never holds back any candidate',
    find: '        return leadershipTransfer ? { ...request, leadershipTransfer } : request;',
    replace: '        return { ...request, leadershipTransfer: true };',
  },
  {
    name: 'stickiness-only-with-check-quorum',
    file: 'raft/leader-stickiness.js',
    kind: 'missing case',
    what: 'stickiness is switched on by CheckQuorum only: a cluster serving lease reads without CheckQuorum lets a new leader be elected while the old one still answers reads under its lease',
    find: '    return features.readMode === \'lease\' || features.checkQuorum;',
    replace: '    return features.checkQuorum;',
  },
  {
    name: 'missed-ticks-not-counted',
    file: 'raft/node.js',
    kind: 'forgotten update (clock)',
    what: 'a tick that reports missed ticks (the process was paused) advances the election timer logic but not the node\'s own clock, so a paused leader measures its lease from a clock that stood still',
    find: '                this.ticks += input.missed ?? 0;\n',
    replace: '',
  },
  {
    name: 'pre-vote-asks-current-term',
    file: 'raft/prevote.js',
    kind: 'off by one (term)',
    what: 'a pre-candidate asks for its current term instead of the next: every voter of that term refuses and its own tally waits for replies to term + 1, so a PreVote cluster never elects again once its leader is gone',
    find: "term: node.currentTerm + 1, candidate: node.id",
    replace: "term: node.currentTerm, candidate: node.id",
  },
  {
    name: 'pre-vote-claims-current-term-as-log-term',
    file: 'raft/prevote.js',
    kind: 'wrong field',
    what: 'PreVote carries the pre-candidate\'s current term as lastLogTerm, so a node with a stale log wins pre-votes (the real vote still checks the log)',
    find: 'lastLogIndex: node.log.lastIndex, lastLogTerm: node.log.lastTerm };',
    replace: 'lastLogIndex: node.log.lastIndex, lastLogTerm: node.currentTerm };',
  },
  {
    name: 'check-quorum-round-inherits-old-term',
    file: 'raft/node.js',
    kind: 'forgotten reset',
    what: 'a new leader keeps the set of peers heard in its previous leadership, so its first CheckQuorum round counts peers it has not heard from in this term',
    find: '        this.heardThisRound.clear();\n        this.checkQuorumElapsed = 0;\n        this.transfer = null;',
    replace: '        this.checkQuorumElapsed = 0;\n        this.transfer = null;',
  },
  // ---- reads ------------------------------------------------------------------------------------------
  {
    name: 'lease-start-from-newest-round',
    file: 'raft/read-index.js',
    kind: 'wrong variable',
    what: 'when a heartbeat round is confirmed the lease is dated from the newest round started, which may have been sent after the confirmed one and not be answered by anyone yet',
    find: '        const sentAt = this.startedAt.get(round);',
    replace: '        const sentAt = this.startedAt.get(this.round);',
  },
  // ---- leadership transfer ------------------------------------------------------------------------------
  {
    name: 'transfer-ok-without-handover',
    file: 'raft/transfer.js',
    kind: 'wrong outcome',
    what: 'a leader that steps down for any reason during a transfer answers the operator ok (naming the target as leader), even if it never sent TimeoutNow',
    find: "    endTransfer(node, transfer.timeoutNowSent ? 'ok' : 'not-leader');",
    replace: "    endTransfer(node, 'ok');",
  },
  {
    name: 'timeout-now-without-transfer-flag',
    file: 'raft/transfer.js',
    kind: 'wrong argument',
    what: 'the target of TimeoutNow stands as an ordinary candidate, so with stickiness on its peers ignore it and the transfer always times out',
    find: '    node.becomeCandidate(true);',
    replace: '    node.becomeCandidate(false);',
  },
  // ---- membership changes ------------------------------------------------------------------------------
  {
    name: 'config-in-force-is-snapshot-base',
    file: 'raft/membership.js',
    kind: 'wrong field',
    what: 'the configuration in force is the one at the snapshot base, not the latest in the log: a new voter counts nowhere and a removed one keeps counting until the next compaction',
    find: '        return this.latest.voters;',
    replace: '        return this.base.voters;',
  },
  {
    name: 'removal-skips-one-at-a-time',
    file: 'raft/reconfigure.js',
    kind: 'missing case',
    what: 'only additions wait for the previous change to commit: a removal is appended on top of an uncommitted configuration (or before the leader\'s term has committed), two changes in flight',
    find: '    if (!mayStartChange(node)) {',
    replace: '    if (adding && !mayStartChange(node)) {',
  },
  {
    name: 'catch-up-requests-dropped-on-step-down',
    file: 'raft/reconfigure.js',
    kind: 'forgotten reply',
    what: 'a leader that loses leadership while a new server is catching up drops the add-node requests waiting on it without an answer',
    find: '    if (catchUp !== null)\n        for (const id of catchUp.ids)\n            node.replyToAdmin(id, \'not-leader\', newLeader);',
    replace: '',
  },
  {
    name: 'restart-config-from-options',
    file: 'raft/node.js',
    kind: 'wrong initial value (configuration at restart)',
    what: 'a node restarting from a snapshot takes the configuration at its base from its startup options (the initial cluster) instead of the snapshot, so a membership change folded into a snapshot is forgotten at every restart',
    find: 'recovered.snapshot?.configuration ?? options.cluster',
    replace: 'options.cluster',
  },
  // ---- storage damage: recovery and repair -----------------------------------------------------------------
  {
    name: 'corrupt-slot-trusted',
    file: 'storage/recovery.js',
    kind: 'missing check',
    what: 'a damaged hard-state copy is skipped and the other copy decides, but the node still trusts its storage: the lost copy may have held the newest vote',
    find: '    if (corrupt && trust === \'ok\')\n        trust = \'repairing\';\n',
    replace: '',
  },
  {
    name: 'wal-behind-slot-same-term-trusted',
    file: 'storage/recovery.js',
    kind: 'missing case',
    what: 'the WAL is taken to hold the slot\'s hard state whenever the terms agree, even when the slot recorded a vote the WAL lost: a lost synced record goes unnoticed',
    find: '    return slotState.votedFor === null || walState.votedFor === slotState.votedFor;',
    replace: '    return true;',
  },
  {
    name: 'term-unknown-node-repaired',
    file: 'storage/repair.js',
    kind: 'wrong comparison',
    what: 'repair completes for any untrusted node, including one that lost both hard-state copies and does not know which term it voted in: after repair it may vote twice in a term',
    find: "    if (progress.trust !== 'repairing')\n        return false;",
    replace: "    if (progress.trust === 'ok')\n        return false;",
  },
  {
    name: 'lost-entries-never-reported',
    file: 'raft/follower.js',
    kind: 'missing case',
    what: 'a follower repairing damaged storage answers AppendEntries like a whole one, without lostEntries, so its leader keeps counting the matchIndex it acknowledged before the damage',
    find: '    node.send(from, node.storageTrusted() ? echoed : { ...echoed, lostEntries: true, repairToken: node.repairToken });',
    replace: '    node.send(from, echoed);',
  },
  // ---- pipelined replication ------------------------------------------------------------------------------------
  {
    name: 'match-index-never-lowered',
    file: 'raft/progress.js',
    kind: 'missing case',
    what: 'the leader treats matchIndex as monotone: a rejection at or below it is always stale, even one that says the follower lost entries, so commits keep counting the lost copies',
    find: '        if (!followerLostEntries || matched >= progress.matchIndex)\n            return false;',
    replace: '        return false;',
  },
  // ---- client sessions across leader changes ----------------------------------------------------------------------
  {
    name: 'outdated-retry-replaces-pending',
    file: 'raft/leader.js',
    kind: 'missing check',
    what: 'a delayed request older than the client\'s pending command is appended and replaces the pending seq, so the pending command\'s result is never sent from this leader',
    find: ' || (pendingSeq !== undefined && request.seq < pendingSeq)',
    replace: '',
  },
];
