/**
 * Round 14b's batch: twenty slips an outside grader injects by hand, aimed at
 * the code earlier batches touched least. Before writing them, every dist line
 * of src/raft, src/kv and src/storage was counted against the find texts of
 * mutants.mjs and round8..round13c; these edits sit in functions with no or
 * few earlier mutants (log truncation, the follower's reply, the leader's
 * batch, its commit rule and its re-count after its own fsync, the leader's own append, restart from a snapshot,
 * configuration re-reading, the KV operations,
 * read rounds, the lease's start and its term check, the one-change-at-a-time rule,
 * repair of a follower that lost entries, PreVote's own vote, WAL framing,
 * the hard-state record, the compacted WAL image). No find shares a dist line
 * with an earlier batch's find in the same file (checked by script), and the
 * names are new.
 *
 * Same shape as the other batches: a text patch of one BUILT file under
 * dist/src whose `find` occurs exactly once. `kind` names the slip and `why`
 * the mistake, with a shipped bug of the same shape where one is known
 * (/work/shared/research/raft-bugs.md numbers its classes).
 */
export const MUTANTS_ROUND14B = [
  // ---- log matching and replication ---------------------------------------------------------------
  {
    name: 'truncate-keeps-conflicting-entry',
    file: 'raft/log.js',
    kind: 'off by one (conflict truncation)',
    why: 'the follower cuts its log after the conflicting index rather than at it (length = index - base, the -1 forgotten), so the conflicting entry stays and the leader\'s entry lands one index later; raft-bugs.md #9 (under-truncation, camunda #5360)',
    find: '        this.entries.length = index - this.base - 1;',
    replace: '        this.entries.length = index - this.base;',
  },
  {
    name: 'follower-acks-whole-log',
    file: 'raft/follower.js',
    kind: 'wrong field (acknowledged length)',
    why: 'a successful AppendEntries reply counts every entry the follower holds after prevLogIndex, not the ones the request carried, so a divergent tail past the leader\'s entries reads as matched; raft-bugs.md #12 (apache/ratis PR #1519, ravendb PR #9325)',
    find: '    const entryCount = request.entries.length;',
    replace: '    const entryCount = success ? node.log.lastIndex - request.prevLogIndex : request.entries.length;',
  },
  {
    name: 'append-batch-drops-last-entry',
    file: 'raft/leader.js',
    kind: 'off by one (inclusive end taken as exclusive)',
    why: 'the batch is sliced up to lastToSend - 1 as if the end were exclusive, so the newest entry is only sent once another follows it: a lone no-op of a new term never reaches anyone',
    find: '    const entries = lastToSend > prevLogIndex ? log.slice(prevLogIndex + 1, lastToSend) : NO_ENTRIES;',
    replace: '    const entries = lastToSend - 1 > prevLogIndex ? log.slice(prevLogIndex + 1, lastToSend - 1) : NO_ENTRIES;',
  },
  {
    name: 'figure-8-checks-last-entry-term',
    file: 'raft/leader.js',
    kind: 'wrong variable (Figure 8 term check)',
    why: 'the commit rule checks the term of the leader\'s last entry (always its own term once the no-op is appended) instead of the entry at the quorum index, so an earlier-term entry commits by counting replicas; raft-bugs.md #11 (logcabin #44)',
    find: '    if (node.log.termAt(quorumIndex) !== node.currentTerm) {',
    replace: '    if (node.log.lastTerm !== node.currentTerm) {',
  },
  {
    name: 'lost-entries-match-at-probe',
    file: 'raft/progress.js',
    kind: 'off by one (matchIndex after a lost-entries rejection)',
    why: 'when a follower reports it lost acknowledged entries, matchIndex drops to the rejected probe itself rather than below it, so the next rejection at that probe reads as stale and the follower is never repaired (the project\'s own seeds 4126 and 6459 before the fix)',
    find: '        const matched = Math.min(followerLastIndex, rejectedPrevIndex - 1);',
    replace: '        const matched = Math.min(followerLastIndex, rejectedPrevIndex);',
  },
  // ---- persistence, restart and terms -------------------------------------------------------------
  {
    name: 'leader-noop-not-persisted',
    file: 'raft/node.js',
    kind: 'missing persist (leader\'s own no-op)',
    why: 'the leader writes every entry it appends to its WAL except the no-op of its term ("it carries no command"), while counting its own copy toward commit; a restart leaves a gap under its later entries; raft-bugs.md #17 (persist before counting)',
    find: '        this.storage.recordEntry(index, entry);\n        if (entry.command.kind === \'config\') {',
    replace: '        if (entry.command.kind !== \'noop\')\n            this.storage.recordEntry(index, entry);\n        if (entry.command.kind === \'config\') {',
  },
  {
    name: 'restart-skips-snapshot-restore',
    file: 'raft/node.js',
    kind: 'forgotten restore (state machine at restart)',
    why: 'a restarted node takes its log base and applied index from the snapshot but never loads the snapshot\'s state into the KV store; raft-bugs.md #21 (baidu/braft #121, hashicorp/raft #523: restart and snapshot out of step)',
    find: '        if (recovered.snapshot !== null)\n            this.kv.restore(recovered.snapshot.state);\n',
    replace: '',
  },
  {
    name: 'wal-hard-state-without-vote',
    file: 'storage/wal-record.js',
    kind: 'missing field (vote in the WAL record)',
    why: 'the WAL\'s hard-state record is written with the term only (votedFor always null), so a restart reads no vote from the WAL; raft-bugs.md #1 (nebula PR #3415: vote not durable)',
    find: '    return \'{"h":[\' + integerText(hardState.term) + \',\' + (votedFor === null ? \'null\' : integerText(votedFor)) + \']}\';',
    replace: '    return \'{"h":[\' + integerText(hardState.term) + \',null]}\';',
  },
  {
    name: 'framing-drops-record-at-end',
    file: 'storage/record-framing.js',
    kind: 'off by one (frame length check)',
    why: 'a record that ends exactly at the end of the file is taken for a torn one (>= for >), so recovery always cuts the last WAL record and finds every snapshot file torn; raft-bugs.md #18 (redisraft #127: torn-record handling)',
    find: '        if (length > bytes.length - start)',
    replace: '        if (length >= bytes.length - start)',
  },
  {
    name: 'wal-image-entries-one-low',
    file: 'storage/wal-image.js',
    kind: 'off by one (entry index in the compacted WAL)',
    why: 'the compacted WAL numbers the entries after the base from baseIndex, not baseIndex + 1, so after a compaction and a restart every kept entry sits one index low; raft-bugs.md #21 (a crash between snapshot and log trim, redisraft #43)',
    find: '        frames.push(framedEntryRecord(baseIndex + 1 + k, entries[k]));',
    replace: '        frames.push(framedEntryRecord(baseIndex + k, entries[k]));',
  },
  // ---- configuration ------------------------------------------------------------------------------
  {
    name: 'rewritten-config-skips-first-entry',
    file: 'raft/node.js',
    kind: 'off by one (configurations re-read after a merge)',
    why: 'after a follower\'s merge the configurations are re-read from the entry after the first one written, so a configuration entry at the head of an AppendEntries batch never takes effect on the follower (section 4.1: a configuration is in force once in the log)',
    find: '        for (let index = from; index <= this.log.lastIndex; index++)\n            this.membership.appended(index, this.log.entryAt(index));\n        // Most merges',
    replace: '        for (let index = from + 1; index <= this.log.lastIndex; index++)\n            this.membership.appended(index, this.log.entryAt(index));\n        // Most merges',
  },
  {
    name: 'config-change-waits-for-append-only',
    file: 'raft/reconfigure.js',
    kind: 'wrong bound (previous change appended, not committed)',
    why: 'the one-change-at-a-time rule compares the latest configuration with the log\'s end instead of the commit index, so a second change starts while the first is uncommitted (dissertation 4.1; etcd\'s pendingConfIndex checks)',
    find: '    return node.membership.latestIndex <= node.commitIndex;',
    replace: '    return node.membership.latestIndex <= node.log.lastIndex;',
  },
  // ---- state machine ------------------------------------------------------------------------------
  {
    name: 'cas-writes-on-mismatch',
    file: 'kv/kv-operation.js',
    kind: 'missing guard (cas)',
    why: 'cas answers ok:false on a mismatch but writes the new value anyway (the guard\'s body lost its condition)',
    find: '            if (matches)\n                setValue(data, op.key, op.value);',
    replace: '            setValue(data, op.key, op.value);',
  },
  {
    name: 'get-absent-returns-undefined',
    file: 'kv/kv-operation.js',
    kind: 'wrong default (absent key)',
    why: 'a get of an absent key answers no value (undefined, dropped from the JSON reply) where the history format says absent reads as ""',
    find: '            return { value: data.get(op.key) ?? \'\' };',
    replace: '            return { value: data.get(op.key) };',
  },
  // ---- reads, PreVote -----------------------------------------------------------------------------
  {
    name: 'read-confirmed-one-round-early',
    file: 'raft/read-index.js',
    kind: 'off by one (read round confirmation)',
    why: 'a read waits for round - 1, the round before the one started for it, so a read that arrives after the leader was deposed is confirmed by answers sent before it arrived; raft-bugs.md (deventlab/d-engine #381: read served without its own heartbeat round)',
    find: '        return this.confirmed >= round;',
    replace: '        return this.confirmed >= round - 1;',
  },
  {
    name: 'lease-path-in-read-index-mode',
    file: 'raft/read-index.js',
    kind: 'wrong condition (lease used in ReadIndex mode)',
    why: 'the lease fast path is taken in every mode that reads outside the log, so a ReadIndex leader (no leader stickiness, no clock bound assumed) serves reads from a lease it never promised',
    find: '    if (node.options.features.readMode === \'lease\' && leaseHolds(node)) {',
    replace: '    if (readsOutsideLog(node) && leaseHolds(node)) {',
  },
  {
    name: 'term-committed-by-last-entry',
    file: 'raft/lease.js',
    kind: 'wrong variable (term committed)',
    why: 'a leader takes its term as committed once its last entry is of its term (true as soon as the no-op is appended), so reads and leases start before the leader knows the commit point; raft-bugs.md (adjoint-io/raft #41)',
    find: '    return node.log.termAt(node.commitIndex) === node.currentTerm;',
    replace: '    return node.log.lastTerm === node.currentTerm;',
  },
  {
    name: 'lease-start-survives-step-down',
    file: 'raft/read-index.js',
    kind: 'forgotten reset (lease start)',
    why: 'the read state\'s reset, run at every election win and step-down, keeps leaseStart, so a leader re-elected soon after it stepped down serves lease reads on a round of its old term, across the term of another leader that may have written meanwhile',
    find: '        this.leaseStart = null;\n        this.leaseForfeited = false;\n        this.pending = [];',
    replace: '        this.leaseForfeited = false;\n        this.pending = [];',
  },
  {
    name: 'synced-own-copy-never-recounted',
    file: 'raft/leader.js',
    kind: 'missing re-check (commit after the leader\'s own fsync)',
    why: 'a leader whose own copy of what it just appended would complete the majority (it is the only voter left) never re-runs the commit rule once that copy is synced, so its last entry waits for the next proposal (async storage writes, etcd-io/raft: the storage-append acknowledgement must advance commit)',
    find: '    if (node.commitWaitsForSync)\n        maybeAdvanceCommit(node);\n',
    replace: '',
  },
  {
    name: 'pre-vote-forgets-own-vote',
    file: 'raft/prevote.js',
    kind: 'forgotten self-count (pre-vote)',
    why: 'a pre-candidate does not count itself, so it needs a pre-vote from every other voter: with one voter down no election ever starts (the self-vote counted in RequestVote but forgotten in PreVote)',
    find: '    node.preVotes.add(node.id);',
    replace: '',
  },
];
