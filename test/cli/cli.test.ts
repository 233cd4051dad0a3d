/**
 * The command line as a user meets it: output sections, exit codes, usage
 * errors in one line without a stack, help, determinism self-check, and plan
 * files.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, traceHashOf } from './run-cli.js';
import { runCliInProcess } from './run-in-process.js';
import { helpOf, usageErrorOf } from './parse-in-process.js';

describe('raft-check CLI', () => {
  // Spawned: the built CLI's own process, its stdout and exit code. The other runs go in-process (run-in-process.ts).
  it('prints header, summary, trace hash, verdict and replay command, and exits 0 on a pass', () => {
    const run = runCli(['--seed', '42']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^raft-check seed 42 /m);
    expect(run.stdout).toMatch(/^fingerprint \d+\.\d+\.\d+\+[0-9a-f]{8}:[0-9a-f]{16}$/m);
    expect(run.stdout).toMatch(/^faults: profile=\w+, drop=/m);
    expect(run.stdout).toMatch(/^ops: \d+ ok, \d+ gave up, \d+ pending/m);
    expect(run.stdout).toMatch(/^messages: \d+ sent, \d+ delivered, \d+ dropped, \d+ duplicated/m);
    expect(traceHashOf(run.stdout)).toMatch(/^[0-9a-f]{16}$/);
    expect(run.stdout).toMatch(/^verdict: PASS/m);
    expect(run.stdout).toMatch(/^replay: raft-check --seed 42$/m);
  });

  it('echoes overrides in the replay command and honours them', async () => {
    const run = await runCliInProcess(['--seed', '5', '--nodes', '5', '--clients', '2', '--ops', '3', '--duration', '800']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/5 nodes, 2 clients, 6 planned ops/);
    expect(run.stdout).toMatch(/^replay: raft-check --seed 5 --nodes 5 --clients 2 --ops 3 --duration 800$/m);
  });

  it.each([
    [['--seed', 'abc'], /--seed must be an integer/],
    [['--seed', '1', '--nodes', '4'], /--nodes must be 3 or 5/],
    [['--seed', '1', '--clients', '0'], /--clients must be an integer in \[1, 64\]/],
    [['--seed', '1', '--profile', 'nasty'], /--profile must be one of/],
    [[], /missing --seed/],
    [['--plan', '/nonexistent/plan.json'], /cannot read plan/],
  ])('rejects %j with one line on stderr and exit 2', async (args, message) => {
    const run = await runCliInProcess(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  // The parser's own checks, with the handlers left out; the table above runs whole commands (in-process), and
  // help-and-errors.test.ts spawns some for the process's one line and exit 2.
  it.each([
    [['--seed', '-1'], /--seed must be an integer/],
    [['--seed', '1', '--frobnicate'], /Unknown argument/],
  ])('rejects %j in the parser', (args, message) => {
    expect(usageErrorOf(args)).toMatch(message);
  });

  // The parser's help in-process; help-and-errors.test.ts checks that the process prints it.
  it('documents options and exit codes in --help', async () => {
    const help = await helpOf([]);
    for (const option of ['--seed', '--nodes', '--clients', '--ops', '--duration', '--trace', '--check-determinism', '--plan']) {
      expect(help).toContain(option);
    }
    // Help text is wrapped to the terminal width, so match across line breaks.
    expect(help.replace(/\s+/g, ' ')).toMatch(/Exit codes: 0 pass, 1 safety or linearizability violation, 2 usage error or bad input, 3 .*, 4 liveness failure, 5 nondeterminism.*, 255 internal error/);
  });

  it('prints one line per event with --trace', async () => {
    const run = await runCliInProcess(['--seed', '3', '--trace']);
    expect(run.status).toBe(0);
    const eventLines = run.stdout.split('\n').filter((line) => /^t=\s*\d+ /.test(line));
    const count = Number(/trace hash: [0-9a-f]{16} \((\d+) events\)/.exec(run.stdout)?.[1]);
    expect(eventLines.length).toBe(count);
    expect(eventLines.some((line) => / deliver /.test(line))).toBe(true);
  });

  it('confirms determinism with --check-determinism', async () => {
    const run = await runCliInProcess(['--seed', '8', '--check-determinism']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^determinism: ok \(2 runs, identical traces, hash [0-9a-f]{16}\)$/m);
  });

  it('saves a plan and a history, and replays the plan to the same trace hash', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'raft-check-cli-'));
    const planFile = join(directory, 'plan.json');
    const historyFile = join(directory, 'history.json');
    const original = await runCliInProcess(['--seed', '12', '--save-plan', planFile, '--save-history', historyFile]);
    expect(original.status).toBe(0);
    const history = JSON.parse(readFileSync(historyFile, 'utf8')) as { format: string; meta: { seed: number } };
    expect(history.format).toBe('raft-check/history@1');
    expect(history.meta.seed).toBe(12);
    const replay = await runCliInProcess(['--plan', planFile]);
    expect(replay.status).toBe(0);
    expect(traceHashOf(replay.stdout)).toBe(traceHashOf(original.stdout));
    expect(replay.stdout).toMatch(/^replay: raft-check --plan .*plan\.json$/m);

    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { config: { nodes: number } };
    plan.config.nodes = 4;
    writeFileSync(planFile, JSON.stringify(plan));
    const invalid = await runCliInProcess(['--plan', planFile]);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/invalid plan .*nodes must be 3 or 5/);
  });
});
