/**
 * Snapshot echoes (src/sim/snapshot-echoes.ts): a share of the snapshot
 * requests is delivered once more, a heartbeat to an election timeout late,
 * in seeds whose network duplicates; nothing else is echoed.
 */

import { describe, expect, it } from 'vitest';
import { drawRunConfig } from '../../src/sim/config.js';
import { RandomStream } from '../../src/sim/random.js';
import { defaultSystem } from '../../src/sim/default-system.js';
import { runSeed } from '../../src/sim/run.js';
import { SnapshotEchoes } from '../../src/sim/snapshot-echoes.js';
import { markCounts, resetMarks } from '../../src/util/marks.js';

const stream = (): RandomStream => new RandomStream(7, 'snapshot-echoes');

describe('snapshot echoes', () => {
  it('echo only snapshot requests, within a heartbeat to an election timeout', () => {
    const config = drawRunConfig(3, { faults: 'crash,dup=0.1' });
    const echoes = new SnapshotEchoes(config, stream());
    const heartbeatMs = config.tuning.heartbeatTicks * config.tickMs;
    const timeoutMs = config.tuning.electionTimeoutMaxTicks * config.tickMs;
    const delays = Array.from({ length: 200 }, () => echoes.echoDelay('InstallSnapshot'));
    const echoed = delays.filter((delay): delay is number => delay !== null);
    expect(echoed.length).toBeGreaterThan(50);
    expect(echoed.length).toBeLessThan(150);
    for (const delay of echoed) expect(delay >= heartbeatMs && delay <= timeoutMs).toBe(true);
    for (const kind of ['InstallSnapshotReply', 'AppendEntries', 'RequestVote']) expect(echoes.echoDelay(kind)).toBeNull();
  });

  it('are off in a seed whose network never duplicates', () => {
    const echoes = new SnapshotEchoes(drawRunConfig(3, { faults: 'crash' }), stream());
    expect(Array.from({ length: 50 }, () => echoes.echoDelay('InstallSnapshot')).every((delay) => delay === null)).toBe(true);
  });

  it('reach runs: some early seed echoes a snapshot', () => {
    resetMarks();
    for (let seed = 1; seed <= 40 && (markCounts()['sim.snapshot-echoed'] ?? 0) === 0; seed++) runSeed(seed, {}, defaultSystem);
    expect(markCounts()['sim.snapshot-echoed'] ?? 0).toBeGreaterThan(0);
  });
});
