/**
 * The promises of an exec node's send, as the harness reads them
 * (docs/protocol.md, "Promises"): every MessagePromises field, and a pre-vote
 * grant refused unless it names the term it answers (it would never be
 * counted, and PreVoteMajority would judge the node's candidacies without it).
 */

import { describe, expect, it } from 'vitest';
import { readMessagePromises } from '../../src/harness/exec/decode-promises.js';
import { ProtocolViolation } from '../../src/harness/exec/wire-fields.js';

const read = (promises: unknown) => readMessagePromises({ kind: 'send', promises }, 'effects[0]');

describe('readMessagePromises', () => {
  it('reads a pre-vote reply, granted or refused', () => {
    expect(read({ term: 4, preVoteTerm: 5, preVoteGranted: true })).toEqual({ term: 4, preVoteTerm: 5, preVoteGranted: true });
    expect(read({ term: 6, preVoteTerm: 5, preVoteGranted: false })).toEqual({ term: 6, preVoteTerm: 5, preVoteGranted: false });
    expect(read({ term: 6, preVoteTerm: 5 })).toEqual({ term: 6, preVoteTerm: 5 });
  });

  it('refuses a grant without the term it answers, and a malformed one', () => {
    expect(() => read({ term: 4, preVoteGranted: true })).toThrow(new ProtocolViolation('effects[0].promises.preVoteGranted needs preVoteTerm, the term of the election the pre-vote answers'));
    expect(() => read({ term: 4, preVoteTerm: -1 })).toThrow(ProtocolViolation);
    expect(() => read({ term: 4, preVoteTerm: 5, preVoteGranted: 'yes' })).toThrow(ProtocolViolation);
  });
});
