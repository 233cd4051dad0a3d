/**
 * What an exec node says about its messages (docs/protocol.md, "Promises"):
 * the `promises` and `implementsFeatures` of its ready answer (NodeFactory's
 * fields of the same names) and the `promises` of each `send` effect
 * (MessagePromises). A typo here would silently switch an oracle off, so an
 * unknown field is refused like a malformed one.
 */

import type { ImplementableFeature, MessagePromises } from '../api.js';
import { count, fail, flag, isRecord } from './wire-fields.js';

/** What a node declared in its ready answer, beyond its messages' kind field. */
export interface PromiseDeclaration {
  /** Its sends may carry `promises`. */
  promises: boolean;
  implementsFeatures: readonly ImplementableFeature[];
}

const FEATURES: readonly ImplementableFeature[] = ['preVote', 'checkQuorum', 'leadershipTransfer', 'readMode'];

const INDEX_FIELDS = ['acknowledgedIndex', 'snapshotInstalledIndex', 'leaderCommit', 'preVoteTerm', 'candidateLastLogIndex', 'candidateLastLogTerm'] as const;
const FLAG_FIELDS = ['voteGranted', 'fromLeader', 'campaign', 'preVoteGranted', 'leadershipTransfer'] as const;
const PROMISE_FIELDS: ReadonlySet<string> = new Set(['term', ...INDEX_FIELDS, ...FLAG_FIELDS]);

/** The declaration of a ready answer (both fields optional: a node that says nothing describes nothing). */
export function readPromiseDeclaration(ready: Record<string, unknown>): PromiseDeclaration {
  const promises = ready['promises'] === undefined ? false : flag(ready, 'promises', 'ready');
  const features = ready['implementsFeatures'];
  if (features === undefined) return { promises, implementsFeatures: [] };
  if (!Array.isArray(features) || !features.every((feature) => FEATURES.includes(feature as ImplementableFeature))) {
    fail(`ready.implementsFeatures must be a list of ${FEATURES.join(', ')}, got ${JSON.stringify(features)}`);
  }
  return { promises, implementsFeatures: [...new Set(features as ImplementableFeature[])].sort() };
}

/** The `promises` of a send effect at `where`: null when absent or null (the message promises nothing). */
export function readMessagePromises(effect: Record<string, unknown>, where: string): MessagePromises | null {
  const value = effect['promises'];
  if (value === undefined || value === null) return null;
  const at = `${where}.promises`;
  if (!isRecord(value)) fail(`${at} must be an object or null, got ${JSON.stringify(value)}`);
  const unknown = Object.keys(value).find((field) => !PROMISE_FIELDS.has(field));
  if (unknown !== undefined) fail(`${at} has unknown field "${unknown}" (expected term, ${[...INDEX_FIELDS, ...FLAG_FIELDS].join(', ')})`);
  const promises: { -readonly [K in keyof MessagePromises]: MessagePromises[K] } = { term: count(value, 'term', at) };
  for (const field of INDEX_FIELDS) if (value[field] !== undefined) promises[field] = count(value, field, at);
  for (const field of FLAG_FIELDS) if (value[field] !== undefined) promises[field] = flag(value, field, at);
  // A grant that does not say which election it is for would never be counted: refused, like a typo.
  if (promises.preVoteGranted !== undefined && promises.preVoteTerm === undefined) fail(`${at}.preVoteGranted needs preVoteTerm, the term of the election the pre-vote answers`);
  // Half a candidate's log would switch VoteGrantedWhenDue off for that request without a word: refused.
  if ((promises.candidateLastLogIndex === undefined) !== (promises.candidateLastLogTerm === undefined)) fail(`${at}.candidateLastLogIndex and candidateLastLogTerm come together (a RequestVote's last log entry)`);
  return promises;
}
