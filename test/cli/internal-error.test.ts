/**
 * Internal errors (issue 10.7): a throw that is neither bad input nor a
 * verdict, here from a --system module outside a node step (describeMessage,
 * which --trace calls), exits 255 with one line; --verbose adds the stack.
 * Today's code exited 1 (a violation) with a stack trace.
 */

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { internalErrorLine } from '../../src/cli/internal-error.js';
import { brokenNode } from '../harness/exec-helpers.js';
import { isOneLine, runCli } from './run-cli.js';

const throwing = fileURLToPath(new URL('./fixtures/throwing-describe.mjs', import.meta.url));
const throwingKind = fileURLToPath(new URL('./fixtures/throwing-message-kind.mjs', import.meta.url));

describe('internal errors', () => {
  it('exit 255 with one line naming the error, and no stack', () => {
    const run = runCli(['--seed', '1', '--system', throwing, '--trace']);
    expect(run.status).toBe(255);
    expect(run.stderr).toMatch(/^raft-check: internal error: Error: describeMessage is not implemented yet \(--verbose shows the stack\)\n$/);
    expect(isOneLine(run.stderr)).toBe(true);
  });

  it('print the stack with --verbose', () => {
    const run = runCli(['--seed', '1', '--system', throwing, '--trace', '--verbose']);
    expect(run.status).toBe(255);
    expect(run.stderr).toMatch(/^raft-check: internal error: Error: describeMessage is not implemented yet\n/);
    expect(run.stderr).toMatch(/\n {4}at .*throwing-describe\.mjs:\d+:\d+/);
  });

  it('from a sweep\'s worker thread (its stack folded into the message): one line, the frames left for --verbose', () => {
    // Before: the worker's whole stack was folded into the line, `... is not implemented yet at messageKind (file:...)`.
    const results = mkdtempSync(join(tmpdir(), 'internal-error-'));
    const run = runCli(['--seeds', '1..2', '--workers', '1', '--results', results, '--system', throwingKind]);
    expect(run.status).toBe(255);
    expect(run.stderr).toMatch(/^raft-check: internal error: Error: messageKind is not implemented yet \(--verbose shows the stack\)\n$/);
    expect(isOneLine(run.stderr)).toBe(true);
    // --verbose: the worker's own stack, frames and all.
    const verbose = runCli(['--seeds', '1..2', '--workers', '1', '--results', mkdtempSync(join(tmpdir(), 'internal-error-')), '--system', throwingKind, '--verbose']);
    expect(verbose.status).toBe(255);
    expect(verbose.stderr).toMatch(/\n {4}at /);
    const folded = new Error('Error: messageKind is not implemented yet\n    at messageKind (file:///x.js:1:2)\n    at step (file:///y.js:3:4)');
    expect(internalErrorLine(folded)).toBe('raft-check: internal error: Error: Error: messageKind is not implemented yet');
  });

  it('leave runs that do not call the broken function alone', () => {
    const run = runCli(['--seed', '1', '--system', throwing]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('bad input met inside a sweep\'s worker thread stays bad input: exit 2, one line', () => {
    // Before, the worker sent its error as text, and the main thread made a plain Error of it: exit 255.
    const results = mkdtempSync(join(tmpdir(), 'internal-error-'));
    const run = runCli(['--seeds', '1..2', '--workers', '1', '--results', results, '--system', brokenNode('bad-json')], { env: { ...process.env, RAFT_CHECK_EXEC_TIMEOUT_MS: 'abc' } });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/RAFT_CHECK_EXEC_TIMEOUT_MS must be a positive integer \(ms\), got abc/);
    expect(isOneLine(run.stderr)).toBe(true);
  });
});
