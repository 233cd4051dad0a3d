/**
 * Goal: the same verdict as Porcupine on every one of its reference
 * histories (108 asserted files), parsed from their original formats.
 * Method: read expected.json; "ok" must be linearizable, "illegal" not
 * linearizable. The one unasserted file, the empty etcd_095.log, is an empty
 * history, which we (like Porcupine) judge linearizable.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHistory, parseHistory } from '@raft-check/checker';
import { PORCUPINE_DATA } from './shared-data.js';

const expected = JSON.parse(readFileSync(path.join(PORCUPINE_DATA, 'expected.json'), 'utf8')) as Record<
  string,
  'ok' | 'illegal' | null
>;

describe('Porcupine reference histories', () => {
  it('lists all 109 files: 26 ok, 82 illegal, one unasserted', () => {
    const verdicts = Object.values(expected);
    expect(verdicts.length).toBe(109);
    expect(verdicts.filter((verdict) => verdict === 'ok').length).toBe(26);
    expect(verdicts.filter((verdict) => verdict === 'illegal').length).toBe(82);
    expect(expected['jepsen/etcd_095.log']).toBeNull();
  });

  it.each(Object.entries(expected))('%s gets the expected verdict (%s)', (file, verdict) => {
    const text = readFileSync(path.join(PORCUPINE_DATA, file), 'utf8');
    const history = parseHistory(text, { fileName: file });
    const result = checkHistory(history);
    if (verdict === null) {
      expect(history.operations).toHaveLength(0);
      expect(result.verdict).toBe('linearizable');
    } else {
      expect(result.verdict).toBe(verdict === 'ok' ? 'linearizable' : 'not linearizable');
    }
  });
});
