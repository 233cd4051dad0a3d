/**
 * Goal: the same verdict as Knossos on every one of its own cas-register test
 * histories (test/data/knossos, copied from jepsen-io/knossos with its EPL-1.0
 * notice). Method: read expected.json; under `--initial 0` (Knossos's
 * `(cas-register 0)`), "ok" must be linearizable and "illegal" not.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHistory, parseHistory } from '@raft-check/checker';
import { REPOSITORY_ROOT } from './shared-data.js';

const KNOSSOS_DATA = path.join(REPOSITORY_ROOT, 'test/data/knossos');
const expected = JSON.parse(readFileSync(path.join(KNOSSOS_DATA, 'expected.json'), 'utf8')) as Record<string, 'ok' | 'illegal'>;

describe('Knossos cas-register test histories', () => {
  it('lists all 120 files: 113 ok, 7 illegal', () => {
    const verdicts = Object.values(expected);
    expect(verdicts.filter((verdict) => verdict === 'ok')).toHaveLength(113);
    expect(verdicts.filter((verdict) => verdict === 'illegal')).toHaveLength(7);
  });

  it.each(Object.entries(expected))('%s gets the expected verdict (%s)', (file, verdict) => {
    const text = readFileSync(path.join(KNOSSOS_DATA, file), 'utf8');
    const history = parseHistory(text, { fileName: file, jepsenEdn: { initial: '0' } });
    expect(history.model).toBe('knossos-cas-register(0)');
    const result = checkHistory(history);
    expect(result.verdict).toBe(verdict === 'ok' ? 'linearizable' : 'not linearizable');
  });
});
