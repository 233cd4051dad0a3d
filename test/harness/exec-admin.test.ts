/**
 * The items of api.ts that no default seed exercises yet travel the protocol
 * all the same: an `admin` input reaches the node and its `admin-reply`
 * effect comes back as in-process; `features`, `maxClockDrift` and the
 * node's seed arrive in `init`, and the Raft adapter draws from that seed
 * exactly what the in-process node draws.
 */

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NodeInput, NodeOptions } from '../../src/harness/api.js';
import { loadSystem } from '../../src/harness/system-module.js';
import { DEFAULT_TUNING } from '../../src/harness/tuning.js';
import { raftFactory } from '../../src/raft/index.js';
import { nodeRandomSeed, seededRandomInt } from '../../src/sim/node-seed.js';
import { RAFT_ADAPTER } from './exec-helpers.js';

function options(id: number): NodeOptions {
  const randomSeed = nodeRandomSeed(7, id, 1);
  return {
    id,
    cluster: [1, 2, 3],
    randomSeed,
    randomInt: seededRandomInt(randomSeed),
    snapshotEvery: 50,
    bugs: new Set(),
    tuning: DEFAULT_TUNING,
    selfChecks: true,
    features: { preVote: false, checkQuorum: true, readMode: 'lease' },
    maxClockDrift: 0.05,
  };
}

describe('api.ts items through the exec protocol', () => {
  it('an admin input gets the same admin-reply as in-process, and init carries features, drift and seed', async () => {
    const traffic = join(mkdtempSync(join(tmpdir(), 'exec-admin-')), 'traffic.log');
    process.env['RAFT_CHECK_EXEC_TRAFFIC'] = traffic;
    let system;
    try {
      system = await loadSystem(RAFT_ADAPTER);
    } finally {
      delete process.env['RAFT_CHECK_EXEC_TRAFFIC'];
    }
    const exec = system.factory.start(options(2), new Map());
    const inProcess = raftFactory.start(options(2), new Map());
    const inputs: NodeInput<unknown>[] = [
      { kind: 'admin', id: 4, request: { kind: 'transfer-leadership', to: 3 } },
      { kind: 'admin', id: 5, request: { kind: 'add-node', node: 4 } },
      // Ticks until the election timeout, drawn from the seed, runs out on both sides alike.
      ...Array.from({ length: DEFAULT_TUNING.electionTimeoutMaxTicks + 1 }, (): NodeInput<unknown> => ({ kind: 'tick' })),
    ];
    for (const input of inputs) {
      expect(exec.step(input)).toEqual(inProcess.step(input as never));
      expect(exec.view().role).toBe(inProcess.view().role);
    }
    expect(exec.view().term).toBeGreaterThan(0);
    exec.stop?.();
    const init = readFileSync(traffic, 'utf8')
      .split('\n')
      .map((line) => /^\d+> (.*)$/.exec(line)?.[1])
      .find((line) => line?.includes('"type":"init"'));
    expect(JSON.parse(init ?? '{}')).toMatchObject({
      randomSeed: 'raft-check:7:node/n2/1',
      features: { preVote: false, checkQuorum: true, readMode: 'lease' },
      maxClockDrift: 0.05,
    });
  }, 60_000);
});
