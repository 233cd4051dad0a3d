import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportWriteError, writeRunReport } from '../../src/report/write-run-report.js';
import { runSeed } from '../../src/sim/index.js';
import { selfProclaimedLeaderSystem } from './fixtures/faulty-systems.js';

describe('writeRunReport', () => {
  const result = runSeed(3, {}, selfProclaimedLeaderSystem(), { keepTrace: true });

  it('writes the report and returns its size, with the caller’s replay command', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'report-')), 'seed-3.html');
    const bytes = writeRunReport(result, path, { replayCommand: 'raft-check --seed 3 --profile brutal' });
    const html = readFileSync(path, 'utf8');
    expect(Buffer.byteLength(html)).toBe(bytes);
    expect(html).toContain(`data-time="${result.failure!.time}" data-node="${result.failure!.node}"`);
    expect(html).toContain('raft-check --seed 3 --profile brutal');
  });

  it('reports an unwritable path as ReportWriteError, not as a crash of the report', () => {
    expect(() => writeRunReport(result, '/nonexistent-folder/x/report.html')).toThrow(ReportWriteError);
  });
});
