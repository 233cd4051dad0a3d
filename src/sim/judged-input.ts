/**
 * The input a step handled, copied into one object shape for the judges.
 *
 * The simulator's inputs are five object shapes (two kinds of tick, a message,
 * a client request, an admin request), and about ten judges read `kind` and a
 * field or two of every step's input. A property read that meets more than
 * four shapes at one site goes megamorphic in V8: a stub-cache lookup instead
 * of an inline check, at every one of those sites on every step. Copied here,
 * each field is read once per step and under its kind (so each of those reads
 * meets one or two shapes), and every judge reads one shape.
 *
 * One instance per observer, refilled at each step (a step observed inside
 * another's observation would get its own: step-observer.ts): no judge keeps
 * the input past its call (they keep the values they need), so reuse
 * allocates nothing.
 * Absent fields read `undefined`, as on the original object.
 */

import type { AdminRequest, ClientRequest, NodeId, NodeInput } from '../harness/api.js';

export class JudgedInput {
  kind: NodeInput<unknown>['kind'] = 'tick';
  missed: number | undefined = undefined;
  from: NodeId | undefined = undefined;
  message: unknown = undefined;
  request: ClientRequest | AdminRequest | undefined = undefined;
  id: number | undefined = undefined;

  /** Refills this copy from `input` and returns it, typed as the input it stands for. */
  of(input: NodeInput<unknown>): NodeInput<unknown> {
    this.missed = undefined;
    this.from = undefined;
    this.message = undefined;
    this.request = undefined;
    this.id = undefined;
    const { kind } = input;
    this.kind = kind;
    if (kind === 'tick') this.missed = input.missed;
    else if (kind === 'message') {
      this.from = input.from;
      this.message = input.message;
    } else if (kind === 'client-request') this.request = input.request;
    else {
      this.id = input.id;
      this.request = input.request;
    }
    // Its fields are those of `input`'s kind, with the same values: the judges read it as that input.
    return this as unknown as NodeInput<unknown>;
  }
}
