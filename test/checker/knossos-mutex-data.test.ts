/**
 * Goal: a history recorded by a real Jepsen lock test gets Knossos's verdict.
 * Method: test/data/knossos/mutex/bad/etcd.edn, copied from jepsen-io/knossos
 * (data/mutex/bad/etcd.edn, EPL-1.0, see test/data/knossos/README.md): a
 * Jepsen etcd lock test with partitions, which Knossos files under bad/ (not
 * linearizable with (model/mutex)). Read with --model auto, it must be read
 * as Knossos's mutex and found not linearizable, naming an acquire that was
 * answered while another process held the lock.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHistory, parseJepsenEdn } from '@raft-check/checker';
import { REPOSITORY_ROOT } from './shared-data.js';

const FILE = path.join(REPOSITORY_ROOT, 'test/data/knossos/mutex/bad/etcd.edn');

describe('Knossos mutex data: a Jepsen etcd lock test', () => {
  const history = parseJepsenEdn(readFileSync(FILE, 'utf8'), { fileName: 'etcd.edn' });

  it('is read as Knossos\'s mutex, :fail dropped and the nemesis skipped', () => {
    expect(history.model).toBe('knossos-mutex');
    // Of the 1135 entries, 264 client operations remain: a :fail did not happen, and the nemesis is no client.
    expect(history.operations).toHaveLength(264);
    expect(history.operations.filter((operation) => operation.return === null).length).toBeGreaterThan(0);
  });

  it('is not linearizable, as Knossos says, and names the acquire that could not be placed', () => {
    const result = checkHistory(history);
    expect(result.verdict).toBe('not linearizable');
    const stuck = history.operations[result.partitions[0]!.stuckOperation!]!;
    // Process 0's acquire, invoked at entry 1095 and acknowledged at entry 1119, while process 3
    // held the lock (acquired by 1109; its release failed at 1120: "requested lease not found").
    expect(stuck).toMatchObject({ client: 0, call: 1095, return: 1119, input: { op: 'acquire' } });
  });
});
