/**
 * One style for every command (issue 10.13): each --help ends with the
 * command's exit codes (255 included), and every error is one line that
 * starts with `raft-check:`.
 */

import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isOneLine, runCli } from './run-cli.js';
import { helpOf, usageErrorOf } from './parse-in-process.js';

describe('help and errors', () => {
  // The parser's help, in-process; the process prints the same text and exits 0 (one spawn: that path is yargs', the same for every command).
  it.each([[[]], [['check']], [['replay']], [['regress']], [['shrink']], [['merge']], [['serve']], [['bugs']], [['power']]])('%j --help lists its exit codes, once', async (command) => {
    const text = (await helpOf(command)).replace(/\s+/g, ' ');
    // merge and serve printed two different lists, their own and the shared one.
    expect(text.match(/Exit codes:/g)).toHaveLength(1);
    expect(text).toMatch(/Exit codes: 0 /);
    expect(text).toMatch(/2 usage error/);
    expect(text).toMatch(/255 internal error/);
  });

  it('--version prints the package version from any working folder (yargs alone looks above the cwd)', () => {
    const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    const run = runCli(['--version'], { cwd: tmpdir() });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('--help is printed by the process on stdout, exit 0, as the parser gives it', async () => {
    const run = runCli(['check', '--help']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.trimEnd()).toBe(await helpOf(['check']));
  });

  it.each([
    [['--seed', ''], /--seed must be an integer >= 0 \(decimal digits\), got ""/],
    [['check', '/nonexistent/history.json'], /no such file/],
    [['replay', '/nonexistent/failure.json'], /no such file/],
    [['regress', '/nonexistent/corpus'], /no such folder/],
    [['merge', '/nonexistent/shard.json'], /no such file/],
    // A name a reader could not see whole is quoted.
    [['replay', ' '], /no such file: " "/],
    [['regress', 'x '], /no such folder: "x "/],
    [['merge', '\tm'], /cannot read "\\tm": no such file/],
  ])('%j: one line starting with "raft-check:", exit 2', (args, message) => {
    const run = runCli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^raft-check: /);
    expect(run.stderr).toMatch(message);
    expect(isOneLine(run.stderr)).toBe(true);
  });

  // The parser's own checks, in-process; the table above spawns one of them for the one line and exit 2.
  it.each([
    [['--seed', '0x10'], /--seed must be an integer/],
    [['shrink', '--seed', ''], /--seed must be an integer/],
    [['bugs', '--frobnicate'], /Unknown argument/],
  ])('%j: a usage error of the parser', (args, message) => {
    expect(usageErrorOf(args)).toMatch(message);
  });
});
