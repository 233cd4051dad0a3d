/**
 * Goal: an HTML output (`check --html`, `--report`) never destroys a file it
 * was not meant for. Both replaced whatever was at their path, so
 * `check h.json --html h.json` or `--report histories/seed-9.json` (a slip
 * of the keyboard) lost the history for good; --report also wrote in place,
 * not atomically. Method: the writer's policy on a temporary folder, then
 * both commands in-process: a history at the target is refused before any
 * work and left as it was, an earlier page is replaced.
 */

import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../src/cli/check-command.js';
import { executeRun, type RunArgs } from '../../src/cli/run-command.js';
import { isUsageError } from '../../src/cli/usage-error.js';
import { defaultSystem } from '../../src/sim/index.js';
import { NotAnHtmlPageError, writeFileAtomic } from '../../src/util/atomic-write.js';
import { memoryIo } from '../checker/memory-io.js';

const history = '{"format":"raft-check/history@1","model":"kv","operations":[]}\n';
const page = '<!DOCTYPE html>\n<html><body>an earlier view</body></html>\n';

describe('HTML outputs replace an earlier page, never another file', () => {
  it("the writer's html-page policy", () => {
    const dir = mkdtempSync(join(tmpdir(), 'html-page-'));
    const kept = join(dir, 'h.json');
    writeFileSync(kept, history);
    expect(() => writeFileAtomic(kept, page, 'html-page')).toThrow(NotAnHtmlPageError);
    expect(readFileSync(kept, 'utf8')).toBe(history);
    const old = join(dir, 'view.html');
    writeFileSync(old, `\uFEFF  ${page.toLowerCase()}`);
    writeFileAtomic(old, page, 'html-page');
    expect(readFileSync(old, 'utf8')).toBe(page);
    writeFileAtomic(join(dir, 'new.html'), page, 'html-page');
  });

  it('check --html naming a history (its own input) is refused before reading anything', () => {
    const io = memoryIo({ 'h.json': history });
    expect(runCheckCommand({ files: ['h.json'], format: 'auto', json: false, html: 'h.json' }, io)).toBe(2);
    expect(io.errLines).toEqual(['raft-check check: --html: h.json already exists and is not an HTML page; not overwritten (remove it or choose another name)']);
    expect(io.written.size).toBe(0);
    const again = memoryIo({ 'h.json': history, 'view.html': page });
    expect(runCheckCommand({ files: ['h.json'], format: 'auto', json: false, html: 'view.html' }, again)).toBe(0);
    expect(again.written.has('view.html')).toBe(true);
  });

  it('--report naming a saved file is a usage error before the run, and the file is kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-target-'));
    const kept = join(dir, 'seed-9.json');
    writeFileSync(kept, history);
    mkdirSync(join(dir, 'folder'));
    const args = { seed: 1, clients: 1, ops: 1, duration: 200, report: kept } as RunArgs;
    for (const [target, message] of [
      [kept, /seed-9\.json already exists and is not an HTML page; not overwritten/],
      [join(dir, 'folder'), /folder is a folder; give a file name/],
    ] as const) {
      const printed: string[] = [];
      let thrown: unknown;
      try {
        executeRun({ ...args, report: target }, defaultSystem, (line) => printed.push(line));
      } catch (error) {
        thrown = error;
      }
      expect(isUsageError(thrown)).toBe(true);
      expect((thrown as Error).message).toMatch(message);
      expect(printed).toEqual([]);
    }
    expect(readFileSync(kept, 'utf8')).toBe(history);
  });
});
