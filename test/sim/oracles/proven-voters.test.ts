/** ProvenVoters: a node restarted on struck storage counts as a calm voter again only once its own messages show it votes. */

import { describe, expect, it } from 'vitest';
import type { MessagePromises } from '../../../src/harness/api.js';
import { ProvenVoters } from '../../../src/sim/oracles/proven-voters.js';

const described = (message: unknown): MessagePromises | null => message as MessagePromises;

describe('ProvenVoters', () => {
  it('counts every node until one restarts on damaged storage', () => {
    const voters = new ProvenVoters(described);
    expect(voters.counts(1)).toBe(true);
    voters.damagedRestart(1);
    expect(voters.counts(1)).toBe(false);
    expect(voters.counts(2)).toBe(true);
  });

  it('a damaged node that only follows (acknowledges entries, denies votes) stays out: it may never vote again', () => {
    const voters = new ProvenVoters(described);
    voters.damagedRestart(1);
    expect(voters.sent(1, { term: 3, acknowledgedIndex: 9 })).toBe(false);
    expect(voters.sent(1, { term: 3, voteGranted: false })).toBe(false);
    expect(voters.counts(1)).toBe(false);
  });

  it('a damaged node that grants a vote or campaigns counts again', () => {
    const granting = new ProvenVoters(described);
    granting.damagedRestart(1);
    expect(granting.sent(1, { term: 4, voteGranted: true })).toBe(true);
    expect(granting.counts(1)).toBe(true);
    const campaigning = new ProvenVoters(described);
    campaigning.damagedRestart(2);
    expect(campaigning.sent(2, { term: 5, campaign: true })).toBe(true);
    expect(campaigning.counts(2)).toBe(true);
  });

  it('without message descriptions a damaged node never counts again', () => {
    const voters = new ProvenVoters(null);
    voters.damagedRestart(1);
    expect(voters.sent(1, { term: 4, voteGranted: true })).toBe(false);
    expect(voters.counts(1)).toBe(false);
  });
});
