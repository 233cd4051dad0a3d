/**
 * A node that breaks the protocol fails its run (a NodeException whose one
 * line names the node, the request, the rule of docs/protocol.md and what it
 * printed): its seed reproduces it, a sweep saves it. A command whose first
 * start breaks it cannot run at all: a SystemError, bad input (exit 2). No
 * node hangs the harness. A node that fails (exits, or answers `error`) is a
 * NodeException, like an exception thrown in-process. stderr lines reach the
 * trace, and --check-determinism names where a node that reads its own
 * randomness parts.
 */

import { describe, expect, it } from 'vitest';
import { loadSystem } from '../../src/harness/system-module.js';
import { SystemError } from '../../src/harness/system-error.js';
import { isUsageError } from '../../src/cli/usage-error.js';
import { runSeed } from '../../src/sim/run.js';
import { runCli } from '../cli/run-cli.js';
import { brokenNode } from './exec-helpers.js';

// Read when the first exec process of this test file starts; long enough for a node to boot on a loaded machine.
process.env['RAFT_CHECK_EXEC_TIMEOUT_MS'] = '3000';

/** The failure of seed 1 under a node that misbehaves in `mode`, which must be a broken protocol. */
async function violation(mode: string): Promise<string> {
  const result = runSeed(1, {}, await loadSystem(brokenNode(mode)));
  expect(result.failure?.invariant).toBe('NodeException');
  const message = result.failure!.message;
  expect(message).not.toContain('\n');
  return message;
}

async function systemError(mode: string): Promise<SystemError> {
  const system = await loadSystem(brokenNode(mode));
  try {
    runSeed(1, {}, system);
  } catch (error) {
    if (error instanceof SystemError) return error;
    throw error;
  }
  throw new Error(`mode ${mode} did not end the run`);
}

const SHAPE = String.raw`n\d broke the exec protocol \(rule: answers as the schemas of docs/protocol/ define them; docs/protocol\.md\) on request \d+, step\(tick\): `;

describe('exec nodes that break the protocol', () => {
  it('bad JSON: one line naming the node, the request, the rule and the line', async () => {
    expect(await violation('bad-json')).toMatch(new RegExp(`^${SHAPE}not a JSON line; it printed: hello, I am not JSON$`));
  });

  it('an unknown effect: names the effect and the valid kinds', async () => {
    expect(await violation('unknown-effect')).toMatch(new RegExp(`^${SHAPE}effects\\[0\\] has unknown kind "launch-missiles" \\(expected append, write, fsync, rename, delete, send, reply or admin-reply\\); it printed: \\{"type":"effects"`));
  });

  it('an unknown field (a typo) in an answer or an effect: refused, not read as a field left out', async () => {
    // Before: "veiw" was ignored and the view taken as unchanged; the run went on judging a view the node never sent.
    expect(await violation('unknown-field')).toMatch(new RegExp(`^${SHAPE}effects has unknown field "veiw" \\(expected type, requestId, effects, quietTicks, view\\)`));
    expect(await violation('key-twice')).toMatch(new RegExp(`^${SHAPE}the key "view" appears twice in one object \\(at offset \\d+\\); which one counts would be a guess; it printed: `));
    expect(await violation('unknown-effect-field')).toMatch(new RegExp(`^${SHAPE}effects\\[0\\] has unknown field "sync" \\(expected kind, file\\)`));
  });

  it('a broken quietTicks promise: names the field and the value', async () => {
    expect(await violation('bad-quiet-ticks')).toMatch(new RegExp(`^${SHAPE}quietTicks must be an integer >= 0, got -1; it printed: \\{"type":"effects"`));
  });

  it('malformed promises of a send: names the field and the value', async () => {
    expect(await violation('bad-promises')).toMatch(new RegExp(`^${SHAPE}effects\\[0\\]\\.promises\\.term must be an integer >= 0, got "3"; it printed: \\{"type":"effects"`));
    expect(await violation('promise-typo')).toMatch(/effects\[0\]\.promises has unknown field "ackIndex" \(expected term, acknowledgedIndex, snapshotInstalledIndex, leaderCommit, preVoteTerm, candidateLastLogIndex, candidateLastLogTerm, voteGranted, fromLeader, campaign, preVoteGranted, leadershipTransfer\); it printed: /);
  });

  it('a leader\'s malformed progress: names the field and the value', async () => {
    expect(await violation('bad-progress')).toMatch(/view\.progress must be a list of \[peer, matchIndex, nextIndex\], got \[\[2,-1,3\]\]; it printed: /);
  });

  it('promises from a node that did not declare them, or declarations that differ: one line each', async () => {
    expect(await violation('undeclared-promises')).toMatch(/effects\[0\]\.promises given, but the ready answer did not declare "promises": true; it printed: /);
    expect(await violation('split-declaration')).toMatch(/^n2 broke the exec protocol \(rule: every node declares the same; docs\/protocol\.md\) in its ready answer: it declared promises true, another node false$/);
  });

  it('two answers to one request: a protocol error, not answers shifted onto the next requests', async () => {
    // Before: the second line answered the next step, and every later answer belonged to another request (a liveness failure).
    expect(await violation('two-answers')).toMatch(/^n\d broke the exec protocol \(rule: one answer per request; docs\/protocol\.md\) on request \d+, step\(tick\): printed more than one line for one request \(an answer, then more before the next request\); it printed: \{"type":"effects".* then \{"type":"effects"/);
  });

  it('a second answer written after the next request was sent: refused by its echoed request id', async () => {
    // Before: without ids, the repeated answer was taken as the answer to the next step.
    expect(await violation('late-second-answer')).toMatch(/^n\d broke the exec protocol \(rule: one answer per request; docs\/protocol\.md\) on request (\d+), step\([\w-]+\): the answer echoes request \d+, already answered: a second answer to it, while request \1 waits; it printed: \{"type":"effects".*"requestId":\d+\}$/);
    // A process that echoed once and then stops: the line without an id could be a stray second answer.
    expect(await violation('stops-echoing')).toMatch(/^n\d broke the exec protocol \(rule: an echoed requestId names the request waiting; docs\/protocol\.md\) on request \d+, step\([\w-]+\): the answer has no requestId, though this process echoed one before/);
  });

  it('a view nested too deep to print again: a protocol error, not a RangeError', async () => {
    const message = await violation('deep-view');
    expect(message).toMatch(new RegExp(`^${SHAPE}view must be an object; it printed: \\{"type":"effects","effects":\\[\\],"view":\\[\\[\\[`));
    expect(message.length).toBeLessThan(500);
  });

  it('a node that stops answering is killed after the wall-time limit, and fails its run', async () => {
    const started = performance.now();
    expect(await violation('hang')).toMatch(/^n\d broke the exec protocol \(rule: an answer within the wall-time limit; docs\/protocol\.md\) on request \d+, step\(tick\): gave no answer within 3000ms of wall time \(killed\)$/);
    expect(performance.now() - started).toBeLessThan(30_000);
  }, 60_000);

  it('at the command line: a failing run (exit 1) with its replay line, not an internal error (exit 255)', () => {
    const run = runCli(['--seed', '1', '--system', brokenNode('bad-json')]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/NodeException.*n\d broke the exec protocol \(rule: answers as the schemas/);
    expect(run.stdout).toMatch(/^replay: raft-check --seed 1 /m);
    expect(run.stderr).toBe('');
  }, 60_000);

  it('a traffic log that cannot be written is the user\'s setting (exit 2), found before any node starts; it was an internal error (255)', async () => {
    process.env['RAFT_CHECK_EXEC_TRAFFIC'] = '/nonexistent-folder/traffic.log';
    try {
      await expect(loadSystem(brokenNode('bad-json'))).rejects.toSatisfy((error: unknown) => isUsageError(error) && (error as Error).message === 'RAFT_CHECK_EXEC_TRAFFIC=/nonexistent-folder/traffic.log: cannot append to it (ENOENT)');
    } finally {
      delete process.env['RAFT_CHECK_EXEC_TRAFFIC'];
    }
  });

  it('an empty command is the user\'s input (exit 2), not a system error (exit 255)', async () => {
    await expect(loadSystem('exec: ')).rejects.toSatisfy((error: unknown) => isUsageError(error) && /^--system exec: needs a command/.test((error as Error).message));
  });

  it('a command whose first start dies or breaks the protocol cannot run: bad input (exit 2), one line', async () => {
    expect((await systemError('dies-at-start')).message).toMatch(/^exec:.* cannot run: at its first start, n1 request 1, init: process closed its stdout \(exited\); stderr: cannot open my config$/);
    expect((await systemError('bad-features')).message).toMatch(/^exec:.* cannot run: at its first start, n1 broke the exec protocol \(rule: answers as the schemas of docs\/protocol\/ define them; docs\/protocol\.md\) on request 1, init: ready\.implementsFeatures must be a list of preVote, checkQuorum, leadershipTransfer, readMode, got \["preVote","warpDrive"\]; it printed: \{"type":"ready"/);
    const run = runCli(['--seed', '1', '--system', brokenNode('dies-at-start')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^raft-check: exec:.* cannot run: at its first start, n1 request 1, init: process closed its stdout \(exited\); stderr: cannot open my config/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  }, 60_000);
});

describe('exec nodes that fail', () => {
  it('a node that exits mid-step fails the run with NodeException and its stderr', async () => {
    const result = runSeed(1, {}, await loadSystem(brokenNode('exits')));
    expect(result.failure?.invariant).toBe('NodeException');
    expect(result.failure?.message).toMatch(/step\(tick\): process closed its stdout \(exited\); stderr: AssertionError: the log went backwards$/);
  });

  it('a node that answers `error` fails the run with NodeException', async () => {
    const result = runSeed(1, {}, await loadSystem(brokenNode('error')));
    expect(result.failure?.invariant).toBe('NodeException');
    expect(result.failure?.message).toMatch(/step\(tick\) failed: AssertionError: the log went backwards$/);
  });

  it('an `error` with a stack of many lines is one cut line in the failure (the verdict line)', async () => {
    const result = runSeed(1, {}, await loadSystem(brokenNode('multiline-error')));
    expect(result.failure?.invariant).toBe('NodeException');
    expect(result.failure?.message).toMatch(/step\(tick\) failed: AssertionError: the log went backwards at frame at frame .*\.\.\.$/);
    expect(result.failure?.message).not.toContain('\n');
    expect(result.failure!.message.length).toBeLessThan(700);
  });
});

describe('exec node stderr', () => {
  it('goes to the trace as log events, with the simulated time the node was given', async () => {
    const result = runSeed(1, { safetyMs: 200 }, await loadSystem(brokenNode('chatty')), { keepTrace: true });
    const logs = (result.trace ?? []).filter((event) => event.kind === 'log');
    expect(logs.length).toBeGreaterThan(10);
    for (const event of logs.slice(0, 10)) expect(event.detail).toBe(`step at t=${event.time}`);
  }, 60_000);
});

describe('a nondeterministic exec node', () => {
  it('is named by --check-determinism (exit 5) at the first event where two runs part', () => {
    const run = runCli(['--seed', '1', '--duration', '300', '--check-determinism', '--system', brokenNode('nondeterministic')]);
    expect(run.status).toBe(5);
    expect(run.stdout).toMatch(/^determinism: FAIL, the second run diverged at trace event #\d+\n {2}first run: .*\n {2}second run: /m);
  }, 120_000);
});
