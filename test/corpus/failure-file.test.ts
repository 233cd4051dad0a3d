import { describe, expect, it } from 'vitest';
import { failureFileOf, parseFailureFile, serializeFailureFile, FailureFileError, type FailureFile } from '../../src/corpus/failure-file.js';
import { drawPlan, runPlan, defaultSystem, type RunResult } from '../../src/sim/index.js';
import { planSize } from '../../src/shrink/plan-size.js';

/** A real run with a failure pinned on it: the file format does not care why a run failed. */
function failingResult(): RunResult {
  const result = runPlan(drawPlan(3, { clients: 2, opsPerClient: 5 }), defaultSystem);
  return { ...result, failure: { kind: 'safety', invariant: 'ElectionSafety', message: 'n1 and n2 both lead term 4', time: 1234, node: 2 } };
}

describe('failure files', () => {
  it('are stable under re-save and round-trip', () => {
    const result = failingResult();
    const file = failureFileOf(result, { clients: 2, opsPerClient: 5 }, { plan: result.plan, from: planSize(result.plan), to: planSize(result.plan) });
    const text = serializeFailureFile(file);
    const parsed = parseFailureFile(text, 'x.json');
    expect(parsed).toEqual(file);
    expect(serializeFailureFile(parsed)).toBe(text);
  });

  it('are readable: one history operation per line', () => {
    const result = failingResult();
    const text = serializeFailureFile(failureFileOf(result, {}, null));
    const opLines = text.split('\n').filter((line) => line.trimStart().startsWith('{"client":'));
    expect(opLines.length).toBe(result.history.operations.length);
  });

  it('expect "pass" for the correct code and "same-failure" for an injected bug', () => {
    const result = failingResult();
    expect(failureFileOf(result, {}, null).expect).toBe('pass');
    const withBug = { ...result, config: { ...result.config, bugs: ['some-bug'] } };
    expect(failureFileOf(withBug, { bugs: ['some-bug'] }, null).expect).toBe('same-failure');
  });

  it('refuses to save a passing run', () => {
    const result = runPlan(drawPlan(3, { clients: 2, opsPerClient: 5 }), defaultSystem);
    expect(() => failureFileOf({ ...result, failure: null }, {}, null)).toThrow(FailureFileError);
  });

  it.each([
    ['{', /not valid JSON/],
    ['[]', /expected a JSON object/],
    ['{"format":"nope"}', /"format" must be/],
  ])('rejects %j with a clear message', (text, message) => {
    expect(() => parseFailureFile(text, 'bad.json')).toThrow(message);
  });

  it('rejects a corrupt shrunk plan', () => {
    const result = failingResult();
    const file: FailureFile = failureFileOf(result, {}, { plan: result.plan, from: planSize(result.plan), to: planSize(result.plan) });
    const broken = JSON.parse(serializeFailureFile(file)) as FailureFile;
    (broken.shrunk as NonNullable<FailureFile['shrunk']>).plan.faults.push({ at: -5, kind: 'heal' });
    expect(() => parseFailureFile(JSON.stringify(broken), 'broken.json')).toThrow(/shrunk.plan/);
  });

  it('refuses a file edited by hand into two readings: a key twice (JSON.parse kept the last: seed 5 replayed under a file that said 4231)', () => {
    const text = serializeFailureFile(failureFileOf(failingResult(), {}, null));
    const twice = text.replace('"seed": 3,', '"seed": 3, "seed": 5,');
    expect(() => parseFailureFile(twice, 'edited.json')).toThrow('edited.json: the key "seed" appears twice in one object (at offset ');
  });

  it('refuses a failure of a kind no run gives, or without its message, time or node', () => {
    const file = failureFileOf(failingResult(), {}, null);
    const edited = (failure: object): string => serializeFailureFile({ ...file, failure: { ...file.failure, ...failure } as FailureFile['failure'] });
    expect(() => parseFailureFile(edited({ kind: 'weird' }), 'x.json')).toThrow('x.json: "failure".kind must be one of safety, linearizability, liveness, unknown, got "weird"');
    expect(() => parseFailureFile(edited({ time: '12' }), 'x.json')).toThrow('"failure" must have a string "message", a number "time" and a node id or null as "node"');
    expect(() => parseFailureFile(edited({ node: 1.5 }), 'x.json')).toThrow('"failure" must have');
  });
});
