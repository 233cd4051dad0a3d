/**
 * Goal (issue 10, item 3): history@1 allows a client at most one operation
 * outstanding; a file where one client has two at once is refused with exit 2
 * naming both operations. Method: overlapping, unanswered-then-more and
 * touching operations of one client, in any order in the file.
 */

import { describe, expect, it } from 'vitest';
import { parseHistory } from '@raft-check/checker';
import { runCheckCommand } from '../../src/cli/check-command.js';
import { get, put } from './kv-history.js';
import { memoryIo } from './memory-io.js';

const file = (...operations: object[]): string => JSON.stringify({ format: 'raft-check/history@1', model: 'kv', operations });

describe('one operation outstanding per client', () => {
  it('overlapping operations of one client: exit 2 naming both', () => {
    const io = memoryIo({ 'h.json': file(get(3, 10, 20, 'y', ''), put(0, 0, 1, 'x', '1'), put(3, 5, 12, 'x', '2')) });
    expect(runCheckCommand({ files: ['h.json'], format: 'auto', json: false }, io)).toBe(2);
    expect(io.errLines).toEqual([
      'bad input: h.json: operation 0: client 3 has two operations outstanding at once: operation 2 (called at 5, returned at 12) ' +
        'and operation 0 (called at 10); a client has at most one operation outstanding (a client that gives up must continue under a new id)',
    ]);
  });

  it('an unanswered operation must be its client’s last', () => {
    expect(() => parseHistory(file(put(1, 0, null, 'x', '1'), get(1, 50, 60, 'x', '1')))).toThrow(
      /client 1 has two operations outstanding at once: operation 0 \(called at 0, never returned\) and operation 1 \(called at 50\)/,
    );
  });

  it('two calls at the same time by one client overlap', () => {
    expect(() => parseHistory(file(get(2, 5, 6, 'x', ''), get(2, 5, 7, 'x', '')))).toThrow(/client 2 has two operations outstanding/);
  });

  it('operations that touch (return == next call), even instantaneous ones, are sequential', () => {
    const history = parseHistory(file(get(1, 5, 5, 'x', ''), put(1, 5, 9, 'x', '1'), get(1, 9, 9, 'x', '1'), get(0, 0, null, 'x', null)));
    expect(history.operations).toHaveLength(4);
  });

  it('Jepsen logs are not held to it: a process goes on after a failed read, read as unanswered', () => {
    const log = [
      'INFO  jepsen.util - 1\t:invoke\t:read\tnil',
      'INFO  jepsen.util - 1\t:fail\t:read\tnil',
      'INFO  jepsen.util - 1\t:invoke\t:write\t3',
      'INFO  jepsen.util - 1\t:ok\t:write\t3',
    ].join('\n');
    expect(parseHistory(log).operations).toHaveLength(2);
  });
});
