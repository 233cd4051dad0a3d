/**
 * Round 11's batch of the campaign: bugs that real Raft implementations
 * shipped, none of them in src/bugs/catalog.ts nor one of rounds 7, 8 and 9
 * (mutants.mjs, round8.mjs, round9.mjs), each written as our code would have
 * had it. Same shape as the other batches: a text patch of one BUILT file
 * under dist/src, whose `find` must occur exactly once. Each mutant names the
 * public report it is modelled on (`seenIn`); earlier batches were
 * one-spot slips we thought of, these are slips others made and fixed.
 */
export const MUTANTS_ROUND11 = [
  // ---- snapshots --------------------------------------------------------------------------------
  {
    name: 'snapshot-keeps-conflicting-suffix',
    file: 'raft/follower.js',
    kind: 'missing step',
    seenIn: 'hashicorp/raft #697 (found by Antithesis, fixed in #704); etcd-io/etcd #10358',
    what: 'InstallSnapshot over a longer log that disagrees at the snapshot\'s last entry keeps the entries after it instead of discarding the whole log (Figure 13 step 7)',
    find: "            if (longer)\n                mark('snapshot-installed-over-longer-conflicting-log');\n            log.resetTo(index, term);\n",
    replace: "            if (longer) {\n                mark('snapshot-installed-over-longer-conflicting-log');\n                log.entries.splice(0, index - log.base);\n                log.base = index;\n                log.baseTerm = term;\n            }\n            else\n                log.resetTo(index, term);\n",
  },
  {
    name: 'snapshot-install-keeps-applied-index',
    file: 'raft/follower.js',
    kind: 'missing step',
    seenIn: 'wenweihu86/raft-java PR #60 (installSnapshot left lastAppliedIndex behind); hashicorp/raft #85 (lastApplied left below the restored snapshot)',
    what: 'installing a snapshot moves the commit index to it but leaves the applied index where it was',
    find: '        node.commitIndex = index;\n        node.appliedIndex = index;\n',
    replace: '        node.commitIndex = index;\n',
  },
  {
    name: 'compacted-wal-drops-tail',
    file: 'raft/node.js',
    kind: 'wrong field',
    seenIn: 'camunda/camunda #6092 (the journal\'s reset at a snapshot truncated the entries after it on disk)',
    what: 'the compacted WAL written with a snapshot keeps none of the entries after it, though the log in memory still holds them',
    find: 'const remaining = this.log.lastIndex > this.log.snapshotIndex ? this.log.slice(this.log.snapshotIndex + 1, this.log.lastIndex) : [];',
    replace: 'const remaining = [];',
  },
  {
    name: 'merge-ignores-snapshot-base',
    file: 'raft/log.js',
    kind: 'missing check',
    seenIn: 'RedisLabs/raft #49 (SandTable: an AppendEntries from before the follower\'s snapshot was placed after it); apache/ratis PR #89',
    what: 'a follower merges an AppendEntries whose entries start below its snapshot as if they followed it',
    find: '            if (index <= this.base)\n                continue;\n            const entry = incoming[k];\n            if (firstWritten === null) {',
    replace: '            const entry = incoming[k];\n            if (firstWritten === null) {',
  },
  // ---- heartbeats -------------------------------------------------------------------------------
  {
    name: 'heartbeat-skips-follower-commit',
    file: 'raft/follower.js',
    kind: 'missing step',
    seenIn: 'ktoso/akka-raft #33 (follower does not commit on a heartbeat); etcd-io/etcd #1732; hashicorp/raft PR #412',
    what: 'a follower takes the leader\'s commit index only from an AppendEntries that carries entries, never from a heartbeat',
    find: '    if (request.leaderCommit > node.commitIndex) {\n        node.commitIndex = Math.max(node.commitIndex, Math.min(request.leaderCommit, lastNewIndex));',
    replace: '    if (request.entries.length > 0 && request.leaderCommit > node.commitIndex) {\n        node.commitIndex = Math.max(node.commitIndex, Math.min(request.leaderCommit, lastNewIndex));',
  },
  {
    name: 'heartbeat-answered-without-log-check',
    file: 'raft/follower.js',
    kind: 'missing check',
    seenIn: 'cloud-software-foundation/c5 #43 (an empty AppendEntries returned true before the prevLogIndex/prevLogTerm check)',
    what: 'a follower acknowledges an empty AppendEntries at once, without checking that it holds prevLogIndex with prevLogTerm',
    find: '    const prevTerm = log.termAt(request.prevLogIndex);\n',
    replace: '    if (request.entries.length === 0) {\n        replyToAppend(node, from, request, true);\n        return;\n    }\n    const prevTerm = log.termAt(request.prevLogIndex);\n',
  },
  // ---- commit -----------------------------------------------------------------------------------
  {
    name: 'leader-commit-moves-back',
    file: 'raft/leader.js',
    kind: 'missing clamp',
    seenIn: 'ongardie/raft.tla #18 (matchIndex can decrease, and with it commitIndex); the quorum of a new configuration can be behind the old one\'s',
    what: 'the leader sets its commit index to the quorum index of the configuration in force even when that is lower than what it already committed',
    find: '    if (quorumIndex <= node.commitIndex)\n        return;',
    replace: '    if (quorumIndex === node.commitIndex)\n        return;',
  },
  // ---- elections and membership -----------------------------------------------------------------
  {
    name: 'candidacy-keeps-old-votes',
    file: 'raft/node.js',
    kind: 'missed reset',
    seenIn: 'eatonphil/raft-rs #3 ("Outdated vote_granted may affect new election"); raft-bugs.md #3 ("does not reset the tally when it starts a new election")',
    what: 'a candidate that stands again keeps the grants of its earlier candidacy, which count for the new term',
    find: '        this.votes.clear();\n        this.votes.add(this.id);',
    replace: '        this.votes.add(this.id);',
  },
  {
    name: 'votes-of-non-members-counted',
    file: 'raft/quorum.js',
    kind: 'missing check',
    seenIn: 'tikv/raft-rs #221 (votes of a removed node kept counting after a conf change); tikv/raft-rs #57 (a candidate must check the response is from a valid peer)',
    what: 'a vote (and a pre-vote, and a CheckQuorum answer) counts toward the majority whoever sent it, not only voters of the configuration',
    find: '    for (const id of cluster)\n        if (voters.has(id))\n            count++;',
    replace: '    count = voters.size;',
  },
  {
    name: 'unpromoted-node-refuses-vote',
    file: 'raft/node.js',
    kind: 'extra check',
    seenIn: 'tikv/raft-rs #57 ("Learner should respond to request vote"); etcd-io/etcd PR #10998 ("raft: let learners vote")',
    what: 'a node that is not a voter of its own latest configuration refuses every vote, even when it was promoted and has not yet heard of it',
    find: 'const mayVote = this.votedFor === null || this.votedFor === request.candidate;',
    replace: 'const mayVote = this.cluster.includes(this.id) && (this.votedFor === null || this.votedFor === request.candidate);',
  },
  {
    name: 'non-voter-stands',
    file: 'raft/node.js',
    kind: 'missing check',
    seenIn: 'redpanda-data/redpanda PR #8495 ("Never allow learners to request votes", #6614); tikv/tikv PR #1356 (a removed node campaigned on MsgTimeoutNow)',
    what: 'a node outside its configuration (a removed server, a learner not yet added) stands for election when its timer fires',
    find: 'return this.cluster.includes(this.id) || this.membership.latestIndex > this.commitIndex;',
    replace: 'return true;',
  },
  {
    name: 'election-timeout-not-randomized',
    file: 'raft/timing.js',
    kind: 'wrong value',
    seenIn: 'goraft/raft #13 ("Use Randomized Timeout After Split Vote"); f-rustrated/EastGuard PR #120 (fixed jitter: split votes forever, 6 of 200 runs)',
    what: 'every election timeout is the minimum: the jitter is drawn but never used, so nodes that start together time out together',
    find: 'return tuning.electionTimeoutMinTicks + jitter;',
    replace: 'return tuning.electionTimeoutMinTicks;',
  },
  // ---- PreVote ----------------------------------------------------------------------------------
  {
    name: 'pre-vote-clears-vote',
    file: 'raft/prevote.js',
    kind: 'missed keep',
    seenIn: 'canonical/raft #196 (labelled Bug: "In the pre-vote process, the vote is set to 0"; the maintainers agreed it looks buggy)',
    what: 'a node that starts a pre-vote round forgets the vote it gave in its current term, so it can vote again in that term',
    find: '    node.leaderId = null;\n    node.electionElapsed = 0;\n',
    replace: '    node.leaderId = null;\n    node.votedFor = null;\n    node.electionElapsed = 0;\n',
  },
  {
    name: 'pre-vote-grant-resets-timer',
    file: 'raft/prevote.js',
    kind: 'extra reset',
    seenIn: 'hashicorp/raft PR #530 review (a voter that treats a pre-vote as a vote resets its contact time and may never time out itself)',
    what: 'granting a pre-vote resets the voter\'s election timer, as granting a vote does',
    find: "    const reply = { kind: 'PreVoteReply', term: node.currentTerm, preTerm: request.term, granted };",
    replace: "    if (granted)\n        node.electionElapsed = 0;\n    const reply = { kind: 'PreVoteReply', term: node.currentTerm, preTerm: request.term, granted };",
  },
  // ---- leadership transfer ----------------------------------------------------------------------
  {
    name: 'timeout-now-through-pre-vote',
    file: 'raft/node.js',
    kind: 'wrong path',
    seenIn: 'canonical/raft #203 (a transfer target went through pre-vote and fell back to follower); lni/dragonboat #223; RedisLabs/raft PR #88',
    what: 'with PreVote on, TimeoutNow starts a pre-vote round instead of a real election, which voters that still hear the leader refuse',
    find: "            case 'TimeoutNow':\n                onTimeoutNow(this, from, message);\n                return;",
    replace: "            case 'TimeoutNow':\n                if (this.options.features.preVote && this.role === 'follower' && this.storageTrusted())\n                    startPreVote(this);\n                else\n                    onTimeoutNow(this, from, message);\n                return;",
  },
  {
    name: 'stale-timeout-now-obeyed',
    file: 'raft/node.js',
    kind: 'missing check',
    seenIn: 'tikv/raft-rs PR #369 (#234: a TimeoutNow must go stale); camunda/camunda PR #58339 (TimeoutNow only of exactly the current term)',
    what: 'a TimeoutNow of an older term (delayed past a term change) still makes a follower stand, as a transfer that leader stickiness lets through',
    find: "            case 'AppendEntriesReply':\n            case 'InstallSnapshotReply':\n            case 'TimeoutNow':\n                mark('stale-reply-ignored');",
    replace: "            case 'TimeoutNow':\n                if (this.role === 'follower') {\n                    onTimeoutNow(this, from, message);\n                    return;\n                }\n            // falls through\n            case 'AppendEntriesReply':\n            case 'InstallSnapshotReply':\n                mark('stale-reply-ignored');",
  },
  // ---- leases -----------------------------------------------------------------------------------
  {
    name: 'lease-from-confirmation',
    file: 'raft/read-index.js',
    kind: 'wrong time',
    seenIn: 'yugabyte/yugabyte-db #16 (rystsov\'s stale-read report: the lease must run from when the request was sent, not when the answers came back); openraft PR #848',
    what: 'the lease runs from the tick a majority\'s answers arrived, not from when the round they answer was sent',
    find: 'export function onRoundAnswered(node, from, round) {\n    if (round !== undefined)\n        node.reads.answer(from, round, node.id, node.cluster);\n}',
    replace: 'export function onRoundAnswered(node, from, round) {\n    if (round !== undefined && node.reads.answer(from, round, node.id, node.cluster))\n        node.reads.leaseStart = node.ticks;\n}',
  },
];
