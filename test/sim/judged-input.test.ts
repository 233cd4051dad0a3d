/**
 * JudgedInput: the judges read each step's input through one reused object
 * of one shape. Every field must read as on the input it copies, fields of
 * another kind as absent, whatever the previous step's input was.
 */

import { describe, expect, it } from 'vitest';
import type { NodeInput } from '../../src/harness/api.js';
import { JudgedInput } from '../../src/sim/judged-input.js';

const FIELDS = ['kind', 'missed', 'from', 'message', 'request', 'id'] as const;

const inputs: NodeInput<unknown>[] = [
  Object.freeze({ kind: 'tick' }),
  { kind: 'tick', missed: 3 },
  { kind: 'message', from: 2, message: { kind: 'AppendEntries', term: 4 } },
  { kind: 'client-request', request: { client: 7, seq: 2, op: { op: 'get', key: 'k' } } },
  { kind: 'admin', id: 5, request: { kind: 'add-node', node: 4 } },
];

function read(input: NodeInput<unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field of FIELDS) fields[field] = (input as unknown as Record<string, unknown>)[field];
  return fields;
}

describe('JudgedInput', () => {
  it('reads every field as the input it copies, after any other input', () => {
    const judged = new JudgedInput();
    for (const before of inputs) {
      for (const input of inputs) {
        judged.of(before);
        const copy = judged.of(input);
        expect(read(copy)).toEqual(read(input));
        // The same objects, not copies of them: a judge comparing a message by identity still can.
        if (input.kind === 'message' && copy.kind === 'message') expect(copy.message).toBe(input.message);
      }
    }
  });

  it('is one object, refilled', () => {
    const judged = new JudgedInput();
    expect(judged.of(inputs[0] as NodeInput<unknown>)).toBe(judged.of(inputs[2] as NodeInput<unknown>));
  });
});
