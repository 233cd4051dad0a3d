/**
 * Internal errors (issue 10.7): a throw that is neither bad input nor a
 * verdict, here from a --system module outside a node step (describeMessage,
 * which --trace calls), exits 255 with one line; --verbose adds the stack.
 * Today's code exited 1 (a violation) with a stack trace.
 */

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isOneLine, runCli } from './run-cli.js';

const throwing = fileURLToPath(new URL('./fixtures/throwing-describe.mjs', import.meta.url));

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

  it('leave runs that do not call the broken function alone', () => {
    const run = runCli(['--seed', '1', '--system', throwing]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });
});
