/**
 * Failure and plan files pass the same range checks as the flags (issue
 * 10.10). Today `nodes: 1000`, `clients: 0`, `safetyMs: -5` gave assertion
 * stack traces and `opsPerClient: 1e9` or `safetyMs: 1e15` ran until memory
 * ran out; `"5"` slipped through JavaScript's comparisons; unknown bug names
 * were ignored; `regress` stopped at the first bad file.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FailureFileError, parseFailureFile } from '../../src/corpus/failure-file.js';
import { checkPlan, RunShapeError } from '../../src/corpus/run-limits.js';
import { drawPlan } from '../../src/sim/index.js';
import { isOneLine } from '../cli/run-cli.js';
import { runCliInProcess } from '../cli/run-in-process.js';

const savedPath = fileURLToPath(new URL('../../histories/seed-4-bug-ack-by-log-index.json', import.meta.url));
const savedText = readFileSync(savedPath, 'utf8');
const saved = (): Record<string, any> => JSON.parse(savedText) as Record<string, any>;

function withChange(change: (file: Record<string, any>) => void): string {
  const file = saved();
  change(file);
  return JSON.stringify(file);
}

describe('failure files are checked like flags', () => {
  it.each([
    ['nodes: 1000', (f: Record<string, any>) => (f.overrides.nodes = 1000), /"overrides"\.nodes must be 3 or 5, got 1000/],
    ['clients: 0', (f: Record<string, any>) => (f.overrides.clients = 0), /"overrides"\.clients must be an integer in \[1, 64\], got 0/],
    ['safetyMs: -5', (f: Record<string, any>) => (f.overrides.safetyMs = -5), /safetyMs must be an integer in \[100, 3600000\], got -5/],
    ['opsPerClient: 1e9', (f: Record<string, any>) => (f.overrides.opsPerClient = 1e9), /opsPerClient must be an integer in \[0, 100000\], got 1000000000/],
    ['safetyMs: 1e15', (f: Record<string, any>) => (f.overrides.safetyMs = 1e15), /safetyMs must be an integer/],
    ['clients: "5"', (f: Record<string, any>) => (f.overrides.clients = '5'), /clients must be an integer .* got "5"/],
    ['an unknown bug in overrides', (f: Record<string, any>) => (f.overrides.bugs = ['no-such-bug']), /unknown bug "no-such-bug"/],
    ['a misshaped bug list', (f: Record<string, any>) => (f.overrides.bugs = 'ack-by-log-index'), /must be a list of bug names/],
    ['an unknown bug in config', (f: Record<string, any>) => (f.config.bugs = ['nope']), /unknown bug "nope" in "config"\.bugs/],
    ['a bug name that is not a string', (f: Record<string, any>) => (f.config.bugs = [7]), /must hold bug names \(strings\), got 7/],
    ['a config rate of the wrong type', (f: Record<string, any>) => (f.config.faults.dropRate = '0.5'), /"config"\.faults\.dropRate must be a number, got "0\.5"/],
    ['an unknown override', (f: Record<string, any>) => (f.overrides.nodez = 3), /unknown field "nodez"/],
    ['a system without a spec', (f: Record<string, any>) => (f.system = { hash: null }), /"system" must be/],
  ])('rejects %s', (_, change, message) => {
    expect(() => parseFailureFile(withChange(change), 'f.json')).toThrow(FailureFileError);
    expect(() => parseFailureFile(withChange(change), 'f.json')).toThrow(message);
  });

  it('accepts the file as saved', () => {
    expect(() => parseFailureFile(savedText, 'f.json')).not.toThrow();
  });
});

describe('plans are checked for types and sizes', () => {
  const plan = (): Record<string, any> => JSON.parse(JSON.stringify(drawPlan(3, {}))) as Record<string, any>;
  it.each([
    ['safetyMs: 1e15', (p: Record<string, any>) => (p.config.safetyMs = 1e15), /plan\.config\.safetyMs must be an integer in \[1, 3600000\]/],
    ['livenessMs: "5"', (p: Record<string, any>) => (p.config.livenessMs = '5'), /plan\.config\.livenessMs must be a number, got "5"/],
    ['clients: 1000', (p: Record<string, any>) => (p.config.clients = 1000), /clients must be at most 64/],
    ['an absurd client list', (p: Record<string, any>) => (p.clients[0] = Array.from({ length: 100_001 }, () => ({ afterMs: 0, input: { op: 'get', key: 'k0' } }))), /clients\[0\] length must be an integer in \[0, 100000\]/],
    ['afterMs: "5"', (p: Record<string, any>) => (p.clients[0][0].afterMs = '5'), /afterMs must be an integer .* got "5"/],
    ['a burst rate of the wrong type', (p: Record<string, any>) => p.faults.push({ at: 1, kind: 'burst', durationMs: 5, drop: '0.5', duplicate: 0 }), /drop must be a number, got "0\.5"/],
    ['an unknown bug', (p: Record<string, any>) => (p.config.bugs = ['nope']), /unknown bug "nope"/],
    ['a client list that is not a list', (p: Record<string, any>) => (p.clients = { 0: [] }), /plan\.clients must be a list/],
  ])('rejects %s', (_, change, message) => {
    const value = plan();
    change(value);
    expect(() => checkPlan('plan', value)).toThrow(RunShapeError);
    expect(() => checkPlan('plan', value)).toThrow(message);
  });

  it('accepts a drawn plan', () => {
    expect(() => checkPlan('plan', plan())).not.toThrow();
  });
});

describe('on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'limits-'));

  it('replay of an out-of-range file: exit 2, one line, no hang', async () => {
    const path = join(dir, 'huge.json');
    writeFileSync(path, withChange((f) => (f.overrides.opsPerClient = 1e9)));
    const run = await runCliInProcess(['replay', path]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^raft-check: .*huge\.json: "overrides"\.opsPerClient must be an integer in \[0, 100000\]/);
    expect(isOneLine(run.stderr)).toBe(true);
  });

  it('--plan with a value of the wrong type: exit 2, one line', async () => {
    const path = join(dir, 'plan.json');
    const value = JSON.parse(JSON.stringify(drawPlan(3, {}))) as Record<string, any>;
    value.config.nodes = '5';
    writeFileSync(path, JSON.stringify(value));
    const run = await runCliInProcess(['--plan', path]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^raft-check: invalid plan .*plan\.config\.nodes must be a number, got "5"/);
    expect(isOneLine(run.stderr)).toBe(true);
  });

  it('regress reports a bad file and goes on with the others', async () => {
    const corpus = mkdtempSync(join(tmpdir(), 'limits-corpus-'));
    writeFileSync(join(corpus, 'a-bad.json'), withChange((f) => (f.overrides.nodes = 1000)));
    writeFileSync(join(corpus, 'b-good.json'), savedText);
    writeFileSync(join(corpus, 'c-not-json.json'), '{');
    const run = await runCliInProcess(['regress', corpus]);
    expect(run.stdout).toMatch(/^BAD  .*a-bad\.json: "overrides"\.nodes must be 3 or 5, got 1000$/m);
    expect(run.stdout).toMatch(/^ok {3}.*b-good\.json/m);
    expect(run.stdout).toMatch(/^BAD  .*c-not-json\.json: not valid JSON/m);
    expect(run.stdout).toMatch(/: 1 passed, 0 failed, 2 bad$/m);
    expect(run.status).toBe(2);
  });
});
