/**
 * Leader reply replays (src/sim/leader-reply-replays.ts): in seeds whose
 * network duplicates, the replication replies a node was sent are delivered
 * once more when it starts leading again; vote replies and requests are not.
 */

import { describe, expect, it } from 'vitest';
import { drawRunConfig } from '../../src/sim/config.js';
import { defaultSystem } from '../../src/sim/default-system.js';
import { isReplayedReply, isReplicationReply, LeaderReplyReplays } from '../../src/sim/leader-reply-replays.js';
import { RandomStream } from '../../src/sim/random.js';
import { runSeed } from '../../src/sim/run.js';
import { markCounts, resetMarks } from '../../src/util/marks.js';

const stream = new RandomStream(7, 'leader-reply-replays');

describe('leader reply replays', () => {
  it('tell replication replies from every other message', () => {
    for (const kind of ['AppendEntriesReply', 'InstallSnapshotReply', 'InstallSnapshotResponse', 'MsgAppResp', 'append_ack', 'HeartbeatResponse']) expect(isReplicationReply(kind)).toBe(true);
    for (const kind of ['AppendEntries', 'InstallSnapshot', 'RequestVote', 'RequestVoteReply', 'PreVoteReply', 'TimeoutNow', 'MsgHeartbeat']) expect(isReplicationReply(kind)).toBe(false);
    expect(isReplayedReply('AppendEntriesReply (replay)')).toBe(true);
    expect(isReplayedReply('AppendEntriesReply')).toBe(false);
  });

  it('hand a node that leads again the latest reply of each kind from each peer, once, within a heartbeat', () => {
    const config = drawRunConfig(3, { faults: 'crash,dup=0.1' });
    const replays = new LeaderReplyReplays(config, () => stream);
    expect(replays.on).toBe(true);
    replays.sent(2, 1, { n: 'old' }, 'AppendEntriesReply');
    replays.sent(2, 1, { n: 'new' }, 'AppendEntriesReply');
    replays.sent(2, 1, { n: 'snap' }, 'InstallSnapshotReply');
    replays.sent(3, 1, { n: 'three' }, 'AppendEntriesReply');
    replays.sent(3, 1, { n: 'vote' }, 'RequestVoteReply');
    replays.sent(1, 2, { n: 'request' }, 'AppendEntries');
    replays.sent(1, 2, { n: 'to two' }, 'AppendEntriesReply');
    const taken = replays.take(1);
    expect(taken.map(({ from, message, tag }) => [from, (message as { n: string }).n, tag])).toEqual([
      [2, 'new', 'AppendEntriesReply'],
      [2, 'snap', 'InstallSnapshotReply'],
      [3, 'three', 'AppendEntriesReply'],
    ]);
    const heartbeatMs = config.tuning.heartbeatTicks * config.tickMs;
    for (const { delayMs } of taken) expect(delayMs >= 1 && delayMs <= heartbeatMs).toBe(true);
    expect(replays.take(1)).toEqual([]);
    expect(replays.take(2).map(({ from }) => from)).toEqual([1]);
  });

  it('are off in a seed whose network never duplicates', () => {
    const replays = new LeaderReplyReplays(drawRunConfig(3, { faults: 'crash' }), () => stream);
    expect(replays.on).toBe(false);
    replays.sent(2, 1, {}, 'AppendEntriesReply');
    expect(replays.take(1)).toEqual([]);
  });

  it('reach runs: some early seed replays a reply to a re-elected leader, and the correct node ignores it', () => {
    resetMarks();
    let seed = 1;
    for (; seed <= 40 && (markCounts()['sim.leader-reply-replayed'] ?? 0) === 0; seed++) expect(runSeed(seed, {}, defaultSystem).failure).toBeNull();
    expect(markCounts()['sim.leader-reply-replayed'] ?? 0).toBeGreaterThan(0);
  });
});
