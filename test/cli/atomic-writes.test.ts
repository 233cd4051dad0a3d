/**
 * Atomic writes (issue 10.6): on a full disk `shrink FILE`, which rewrites the
 * file in place, must leave the saved failure exactly as it was and say so in
 * one line (exit 2). Today's code truncated it with writeFileSync. The disk
 * fills through a preload that makes writes to temporary files fail with
 * ENOSPC halfway. Also: --save-plan/--save-history never replace a file with
 * other content, and leave no temporary files behind.
 */

import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isOneLine, runCli } from './run-cli.js';
import { runCliInProcess } from './run-in-process.js';

const preload = fileURLToPath(new URL('./fixtures/enospc-preload.mjs', import.meta.url));
const saved = fileURLToPath(new URL('../../histories/seed-4-bug-ack-by-log-index.json', import.meta.url));

/** A small, quick run: the test is about the files, not the run. */
const SMALL = ['--seed', '1', '--clients', '1', '--ops', '2', '--duration', '200'];

describe('atomic writes', () => {
  it('shrink FILE on a full disk keeps the file intact and reports one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'enospc-'));
    const path = join(dir, 'seed-17.json');
    copyFileSync(saved, path);
    const before = readFileSync(path);
    const run = runCli(['shrink', path, '--max-runs', '2'], { nodeArgs: ['--import', preload] });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^raft-check: cannot write .*seed-17\.json: ENOSPC: no space left on device/);
    expect(isOneLine(run.stderr)).toBe(true);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['seed-17.json']);
  });

  it('shrink FILE with room rewrites it in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shrink-in-place-'));
    const path = join(dir, 'seed-17.json');
    copyFileSync(saved, path);
    const run = await runCliInProcess(['shrink', path, '--max-runs', '2']);
    expect(run.stdout).toContain(`saved: ${path}`);
    expect(readdirSync(dir)).toEqual(['seed-17.json']);
  });

  it('--save-plan and --save-history refuse to replace a file with other content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-overwrite-'));
    for (const flag of ['--save-plan', '--save-history']) {
      const path = join(dir, `${flag.slice(2)}.json`);
      writeFileSync(path, 'precious\n');
      const run = await runCliInProcess([...SMALL, flag, path]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/already exists with other content; not overwritten/);
      expect(isOneLine(run.stderr)).toBe(true);
      expect(readFileSync(path, 'utf8')).toBe('precious\n');
    }
    // The same bytes again are fine: a re-run with the same flags succeeds.
    const plan = join(dir, 'again.json');
    expect((await runCliInProcess([...SMALL, '--save-plan', plan])).status).toBe(0);
    expect((await runCliInProcess([...SMALL, '--save-plan', plan])).status).toBe(0);
  });

  it('two processes saving different bytes to one name at once: one writes, the other is refused (both "wrote" before, the first lost)', async () => {
    const race = fileURLToPath(new URL('./fixtures/race-write.mjs', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'race-'));
    for (let round = 0; round < 2; round++) {
      const path = join(dir, `out-${round}.bin`);
      const startAt = String(Date.now() + 1500);
      const outcomes = await Promise.all(
        ['a', 'b'].map(
          (fill) =>
            new Promise<string>((done) => {
              execFile(process.execPath, [race, path, fill, startAt], (_error, stdout) => done(stdout));
            }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome === 'wrote')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.startsWith('refused: ') && outcome.includes('already exists with other content'))).toHaveLength(1);
      expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    }
  }, 60_000);
});
