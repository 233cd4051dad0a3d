import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureFileOf } from '../../src/corpus/failure-file.js';
import { replayForReport, reportPathFor, writeFailureReport } from '../../src/report/failure-report.js';
import { ReportWriteError, writeRunReport } from '../../src/report/write-run-report.js';
import { runSeed } from '../../src/sim/index.js';
import { selfProclaimedLeaderSystem } from './fixtures/faulty-systems.js';

describe('reports of saved failures (sweeps)', () => {
  it('goes next to the failure file', () => {
    expect(reportPathFor('histories/seed-17-bug-x.json')).toBe('histories/seed-17-bug-x.html');
  });

  it('replays the saved failure exactly and reports it', () => {
    const system = selfProclaimedLeaderSystem();
    const original = runSeed(2, {}, system);
    const file = failureFileOf(original, {}, null);
    const replayed = replayForReport(file, { system });
    expect(replayed.failure).toEqual(original.failure);
    expect(replayed.traceHash).toBe(original.traceHash);
    expect(replayed.trace).not.toBeNull();

    const path = join(mkdtempSync(join(tmpdir(), 'report-')), 'seed-2.html');
    const bytes = writeFailureReport(file, path, { system, replayCommand: 'raft-check --seed 2 --profile brutal' });
    const html = readFileSync(path, 'utf8');
    expect(Buffer.byteLength(html)).toBe(bytes);
    expect(html).toContain(`data-time="${original.failure!.time}" data-node="${original.failure!.node}"`);
    expect(html).toContain('raft-check --seed 2 --profile brutal');
  });
});

describe('writeRunReport', () => {
  it('reports an unwritable path as ReportWriteError, not as a crash of the report', () => {
    const result = runSeed(1, {}, selfProclaimedLeaderSystem(), { keepTrace: true });
    expect(() => writeRunReport(result, '/nonexistent-folder/x/report.html')).toThrow(ReportWriteError);
  });
});
