/**
 * The results store on disk: one fresh folder per sweep (never reusing one),
 * a `latest` pointer that falls back to a text file where symlinks fail, an
 * index page that is static, escaped and self-contained, and --save copies
 * that never replace a different file (a shrunk, committed failure, say).
 */

import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureFileName } from '../../src/corpus/corpus-dir.js';
import { failureFileOf } from '../../src/corpus/failure-file.js';
import { copyToCorpus } from '../../src/results/corpus-copy.js';
import { renderResultsIndex } from '../../src/results/index-page.js';
import { createResultsFolder, pointLatestAt, utcStamp } from '../../src/results/results-folder.js';
import { runSeed } from '../../src/sim/run.js';
import { defaultSystem } from '../../src/sim/default-system.js';
import { FileExistsError } from '../../src/util/atomic-write.js';
import { runCliInProcess } from '../cli/run-in-process.js';
import { sweepFile } from './sweep-fixtures.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'store-'));

describe('results folders', () => {
  it('are named by UTC time and range, and never reused', () => {
    const root = join(scratch(), 'raft-check-results');
    const at = new Date(Date.UTC(2026, 10, 30, 9, 5, 7));
    expect(utcStamp(at)).toBe('20261130-090507');
    const names = [1, 2, 3].map(() => createResultsFolder(root, at, '1..100'));
    expect(names).toEqual(['20261130-090507-1..100', '20261130-090507-1..100-2', '20261130-090507-1..100-3']);
    for (const name of names) expect(readdirSync(join(root, name))).toEqual(['failures']);
  });

  it('latest is a relative symlink to the newest folder, or a text file where symlinks fail', () => {
    const root = scratch();
    mkdirSync(join(root, 'a'));
    mkdirSync(join(root, 'b'));
    expect(pointLatestAt(root, 'a')).toBe('symlink');
    expect(pointLatestAt(root, 'b')).toBe('symlink');
    expect(readlinkSync(join(root, 'latest'))).toBe('b');
    const refuse = (): void => {
      throw Object.assign(new Error('EPERM: operation not permitted, symlink'), { code: 'EPERM' });
    };
    expect(pointLatestAt(root, 'a', refuse)).toBe('file');
    expect(lstatSync(join(root, 'latest')).isFile()).toBe(true);
    expect(readFileSync(join(root, 'latest'), 'utf8')).toBe('a\n');
    expect(readdirSync(root).sort()).toEqual(['a', 'b', 'latest']);
  });
});

describe('the index page', () => {
  it('is static and self-contained, with the failures, totals and marks, and escapes what it shows', () => {
    const sweep = sweepFile({ first: 1, last: 20 }, null, [3]);
    sweep.failures[0] = { ...sweep.failures[0]!, message: '<img src=x onerror=alert(1)>', file: 'failures/seed 3.json', report: 'failures/seed 3.html' };
    const html = renderResultsIndex(sweep, { startedAt: new Date(0), markDescriptions: { 'a-mark': 'something rare' } });
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|<link|https?:\/\//i);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('href="failures/seed%203.html"');
    expect(html).toMatch(/<tr class="failure" data-seed="3">/);
    expect(html).toMatch(/<tr class="never" data-name="never-mark">/);
    expect(html).toContain('something rare');
  });
});

describe('--save copies into a corpus folder', () => {
  const result = runSeed(1, { bugs: ['snapshot-without-sessions'] }, defaultSystem);
  const file = failureFileOf(result, { bugs: ['snapshot-without-sessions'] }, null);

  it('write the file, and writing the same file again is fine', () => {
    const dir = join(scratch(), 'histories');
    const path = copyToCorpus(dir, file, '<html></html>');
    expect(copyToCorpus(dir, file, '<html></html>')).toBe(path);
    expect(readdirSync(dir).sort()).toEqual([failureFileName(file), failureFileName(file).replace(/\.json$/, '.html')].sort());
  });

  it('never replace a different file of the same name', () => {
    const dir = scratch();
    const path = join(dir, failureFileName(file));
    writeFileSync(path, '{"shrunk": "and committed"}\n');
    expect(() => copyToCorpus(dir, file, null)).toThrow(FileExistsError);
    expect(readFileSync(path, 'utf8')).toBe('{"shrunk": "and committed"}\n');
  });

  it('only when asked: a sweep with failures writes nothing to histories/ by itself, and a clash is a warning', async () => {
    const cwd = scratch();
    const histories = join(cwd, 'histories');
    mkdirSync(histories);
    writeFileSync(join(histories, failureFileName(file)), 'curated\n');
    const results = join(cwd, 'raft-check-results');
    const plain = await runCliInProcess(['--seeds', '1..1', '--bug', 'snapshot-without-sessions', '--workers', '1', '--results', results]);
    expect(plain.status).toBe(1);
    expect(readdirSync(histories)).toEqual([failureFileName(file)]);
    const latest = join(results, 'latest');
    expect(readdirSync(join(latest, 'failures')).sort()).toEqual([failureFileName(file).replace(/\.json$/, '.html'), failureFileName(file)].sort());

    const saving = await runCliInProcess(['--seeds', '1..1', '--bug', 'snapshot-without-sessions', '--workers', '1', '--results', results, '--save', histories]);
    expect(saving.status).toBe(1);
    expect(saving.stderr).toMatch(/^raft-check: warning: .*already exists with other content; not overwritten; this sweep's copy is /);
    expect(readFileSync(join(histories, failureFileName(file)), 'utf8')).toBe('curated\n');
    expect(existsSync(join(histories, failureFileName(file).replace(/\.json$/, '.html')))).toBe(false);
  });
});
