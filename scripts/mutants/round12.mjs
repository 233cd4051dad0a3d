/**
 * Round 12's batch of the campaign: more bugs that real implementations
 * shipped, aimed at the parts the earlier batches touched least: the state
 * machine's client sessions, snapshots against the log suffix, the
 * configuration a node restarts or installs with, WAL framing, and term
 * handling in the less common message kinds. None is a catalog bug
 * (src/bugs/catalog.ts) or a mutant of rounds 7 to 11. Same shape as the
 * other batches: a text patch of one BUILT file under dist/src whose `find`
 * occurs exactly once; `seenIn` names the public report it is modelled on.
 */
export const MUTANTS_ROUND12 = [
  // ---- client sessions ----------------------------------------------------------------------------
  {
    name: 'session-evicted-while-active',
    file: 'kv/session-table.js',
    kind: 'wrong bound',
    seenIn: 'tigerbeetle/tigerbeetle PR #2153 (a client evicted past clients_max had an old retry committed a second time); Raft dissertation section 6.3 (sessions may only expire by a rule every replica applies alike)',
    what: 'the session table keeps at most three clients: recording a fourth evicts the lowest-numbered other client (deterministically, on every replica), so a retry of that client\'s applied command is applied again',
    find: '        this.sessions.set(client, { seq, output });\n    }',
    replace: '        this.sessions.set(client, { seq, output });\n        if (this.sessions.size > 3) {\n            const evicted = Math.min(...[...this.sessions.keys()].filter((other) => other !== client));\n            this.sessions.delete(evicted);\n        }\n    }',
  },
  // ---- snapshots and the log suffix ---------------------------------------------------------------
  {
    name: 'snapshot-ignored-if-log-longer',
    file: 'raft/follower.js',
    kind: 'wrong condition',
    seenIn: 'etcd-io/etcd PR #1837 ("do not restore snapshot if local raft has longer matching history"): the rule needs the history to match, not only to be longer',
    what: 'a follower ignores an InstallSnapshot whenever its log reaches the snapshot\'s last index, whatever term its entry there has, and still answers that it holds the snapshot',
    find: '    if (index <= node.commitIndex && !staleInstalled) {',
    replace: '    if ((index <= node.commitIndex || index <= node.log.lastIndex) && !staleInstalled) {',
  },
  {
    name: 'snapshot-install-drops-later-configs',
    file: 'raft/follower.js',
    kind: 'wrong value',
    seenIn: 'canonical/raft PR #354 ("Config rollback": the configuration after an installed snapshot was lost); apache/ratis PR #573 (configuration set from the snapshot on install)',
    what: 'installing a snapshot whose last entry the follower holds keeps the log after it but forgets the configuration entries there: the snapshot\'s configuration is taken as the latest',
    find: '        node.membership.installSnapshot(index, request.configuration, log.lastIndex > index);',
    replace: '        node.membership.installSnapshot(index, request.configuration, false);',
  },
  // ---- membership ---------------------------------------------------------------------------------
  {
    name: 'config-entries-not-replayed-at-restart',
    file: 'raft/node.js',
    kind: 'missing step',
    seenIn: 'camunda/camunda PR #58304 (backports #62837, #63163: a restart reverted a member to the last stored configuration and forgot one appended in its log); andy-yx-chen/jraft #1',
    what: 'a restarted node takes its configuration from the snapshot (or the initial cluster) and ignores configuration entries in its recovered log until one is written again',
    find: '        for (let index = recovered.baseIndex + 1; index <= this.log.lastIndex; index++)\n            this.membership.appended(index, this.log.entryAt(index));\n',
    replace: '',
  },
  {
    name: 'learner-caught-up-to-commit-only',
    file: 'raft/reconfigure.js',
    kind: 'wrong bound',
    seenIn: 'apache/ratis PR #1246 (RATIS-2274: a new peer was judged caught up within a gap of the leader, before it held the latest configuration entries); etcd-io/etcd #8568 (catching up new servers, dissertation section 4.2.1)',
    what: 'a new server counts as caught up once it holds the leader\'s commit index, though the round runs to the leader\'s last index: it joins as a voter while still missing the uncommitted tail',
    find: '    const matched = (node.progress.get(catchUp.node)?.matchIndex ?? 0) >= catchUp.roundEnd;',
    replace: '    const matched = (node.progress.get(catchUp.node)?.matchIndex ?? 0) >= Math.min(catchUp.roundEnd, node.commitIndex);',
  },
  // ---- replication --------------------------------------------------------------------------------
  {
    name: 'merge-stops-at-present-entry',
    file: 'raft/log.js',
    kind: 'wrong control flow',
    seenIn: 'redpanda-data/redpanda PR #25018 (the check for batches a follower already holds, at the start of an AppendEntries); microsoft/CCF PR #6001 (a follower acknowledged more than it had applied of the AppendEntries)',
    what: 'a follower stops merging an AppendEntries at the first entry it already holds, so the new entries after it are dropped, yet the reply acknowledges the whole batch',
    find: '                if (existingTerm === entry.term)\n                    continue;\n                if (existingTerm !== undefined) {',
    replace: '                if (existingTerm === entry.term)\n                    break;\n                if (existingTerm !== undefined) {',
  },
  {
    name: 'follower-persists-first-entry-only',
    file: 'raft/follower.js',
    kind: 'off by many',
    seenIn: 'camunda/camunda #4160 (a follower acknowledged appends that were flushed only at commit); baidu/braft #357 (a batch acknowledged from the in-memory log while its write was stuck)',
    what: 'a follower writes only the first new entry of each AppendEntries batch to its WAL, though it holds and acknowledges them all',
    find: '        for (let index = firstWritten; index <= lastNewIndex; index++)',
    replace: '        for (let index = firstWritten; index <= firstWritten; index++)',
  },
  // ---- term and role handling ---------------------------------------------------------------------
  {
    name: 'candidate-ignores-same-term-append',
    file: 'raft/node.js',
    kind: 'missing step',
    seenIn: 'goraft/raft #53 ("Detect new leader with same term as candidate"); deventlab/d-engine #340; sile/noraft PR #24',
    what: 'a candidate that hears AppendEntries or InstallSnapshot from the leader of its own term refuses it as if stale and stays a candidate, so it times out and deposes the leader',
    find: '                if (this.role === \'candidate\' || this.preCandidate)\n                    this.becomeFollower(message.term, from);',
    replace: '                if (this.role === \'candidate\') {\n                    this.onStaleTermMessage(from, message);\n                    return;\n                }\n                if (this.preCandidate)\n                    this.becomeFollower(message.term, from);',
  },
  {
    name: 'higher-term-append-reply-ignored',
    file: 'raft/node.js',
    kind: 'inverted comparison',
    seenIn: 'uwplse/verdi-raft #29 (handleAppendEntriesReply: the leader-behind and follower-behind cases were swapped, so a leader ignored a newer term)',
    what: 'a leader ignores an AppendEntriesReply carrying a higher term instead of stepping down; it learns of the new term only from another kind of message',
    find: '        if (message.term > this.currentTerm) {\n            const leader =',
    replace: '        if (message.term > this.currentTerm && message.kind === \'AppendEntriesReply\' && this.role === \'leader\') {\n            mark(\'stale-reply-ignored\');\n            return;\n        }\n        if (message.term > this.currentTerm) {\n            const leader =',
  },
  {
    name: 'stale-append-reply-counted',
    file: 'raft/node.js',
    kind: 'missing check',
    seenIn: 'Students\' Guide to Raft, "term confusion" (drop a reply whose term differs from the term of the request); nats-io/nats-server PR #7955 (responses of earlier terms counted toward commit)',
    what: 'a leader processes an AppendEntriesReply from one of its earlier terms as if it answered this term\'s request: its acknowledgement moves matchIndex',
    find: "            case 'AppendEntriesReply':\n            case 'InstallSnapshotReply':\n            case 'TimeoutNow':\n                mark('stale-reply-ignored');",
    replace: "            case 'AppendEntriesReply':\n                if (this.role === 'leader' && this.progress.has(from)) {\n                    onAppendEntriesReply(this, from, { ...message, term: this.currentTerm, round: undefined });\n                    return;\n                }\n                mark('stale-reply-ignored');\n                return;\n            case 'InstallSnapshotReply':\n            case 'TimeoutNow':\n                mark('stale-reply-ignored');",
  },
  {
    name: 'pre-vote-term-adopted-by-voter',
    file: 'raft/node.js',
    kind: 'missing check',
    seenIn: 'etcd-io/etcd PR #9204 (the m.Term > r.Term step-down must exclude MsgPreVote); canonical/raft #279 and PR #280 (pre-vote terms confused with real ones)',
    what: 'a node asked for a pre-vote adopts the proposed (next) term, stepping down if it leads, before answering',
    find: "        if (message.kind === 'PreVote') {\n            onPreVote(this, from, message);",
    replace: "        if (message.kind === 'PreVote') {\n            if (message.term > this.currentTerm)\n                this.becomeFollower(message.term, null);\n            onPreVote(this, from, message);",
  },
  {
    name: 'same-term-vote-request-deposes-leader',
    file: 'raft/node.js',
    kind: 'wrong comparison',
    seenIn: 'nats-io/nats-server PR #5314 (a leader stepped down on a message of its own term, "ae.term >= n.term"); dev-urandom/graft #7 (RequestVote handling stepped down when it should not)',
    what: 'a leader steps down (keeping its vote) when a RequestVote of its own term arrives, as if the term were newer',
    find: '        if (message.term > this.currentTerm) {\n            const leader =',
    replace: "        if (message.kind === 'RequestVote' && message.term === this.currentTerm && this.role === 'leader')\n            this.becomeFollower(message.term, null);\n        if (message.term > this.currentTerm) {\n            const leader =",
  },
  {
    name: 'vote-check-forgets-snapshot-term',
    file: 'raft/node.js',
    kind: 'wrong value',
    seenIn: 'eBay/NuRaft PR #668 ("Fix RequestVote freshness after full log compaction"); RedisLabs/raft PR #14 and PR #2 (the last log term read as 0 once the log was fully compacted)',
    what: 'a voter whose log holds no entry after its snapshot compares the candidate against last log term 0 instead of the snapshot\'s term, so it grants candidates that miss committed entries',
    find: '        return this.log.isUpToDate(request.lastLogTerm, request.lastLogIndex);',
    replace: '        if (this.log.lastIndex === this.log.snapshotIndex)\n            return request.lastLogTerm > 0 || request.lastLogIndex >= this.log.lastIndex;\n        return this.log.isUpToDate(request.lastLogTerm, request.lastLogIndex);',
  },
  {
    name: 'pre-vote-grant-counted-as-vote',
    file: 'raft/prevote.js',
    kind: 'message confusion',
    seenIn: 'canonical/raft #196 ("Why need to reset vote during pre-vote": a pre-vote result of the same term could be counted as a vote)',
    what: 'a candidate counts a late pre-vote grant for its term as a vote, though the voter recorded no vote and may vote for another candidate of that term',
    find: '    if (!node.preCandidate || !reply.granted || reply.preTerm !== node.currentTerm + 1)\n        return;',
    replace: "    if (node.role === 'candidate' && reply.granted && reply.preTerm === node.currentTerm) {\n        node.votes.add(from);\n        if (hasVoteQuorum(node.votes, node.cluster))\n            node.becomeLeader();\n        return;\n    }\n    if (!node.preCandidate || !reply.granted || reply.preTerm !== node.currentTerm + 1)\n        return;",
  },
  // ---- WAL framing --------------------------------------------------------------------------------
  {
    name: 'wal-frame-exact-fit-read-as-overrun',
    file: 'storage/wal-scan.js',
    kind: 'off by one',
    seenIn: 'rabbitmq/ra PR #284 (the last WAL record told from a partial write); samyama-ai/samyama-graph PR #1335 (the torn-record boundary of WAL replay got wrong)',
    what: 'WAL recovery takes a frame that ends exactly at the end of the file for one that runs past it, so the last record is never read as whole',
    find: '        if (length > remaining - RECORD_HEADER_BYTES) {',
    replace: '        if (length >= remaining - RECORD_HEADER_BYTES) {',
  },
];
