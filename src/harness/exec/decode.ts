/**
 * Reading what an exec node prints: each line is parsed and checked by hand
 * (fast, and every mistake gets a message saying what was expected), then
 * turned into the api.ts types (wire-fields.ts: the shared checks).
 */

import type { AdminOutcome, MessagePromises, NodeEffect, Role } from '../api.js';
import { parseStrictJson, StrictJsonError } from '../../corpus/strict-json.js';
import { readMessagePromises } from './decode-promises.js';
import type { NodeLine, WireLogUpdate, WireView } from './protocol.js';
import { REQUEST_ID_FIELD } from './request-ids.js';
import { count, fail, isRecord, onlyFields, text } from './wire-fields.js';

export { ProtocolViolation } from './wire-fields.js';

const ROLES: ReadonlySet<string> = new Set<Role>(['follower', 'candidate', 'leader']);
const ADMIN_OUTCOMES: ReadonlySet<string> = new Set<AdminOutcome>(['ok', 'not-leader', 'rejected']);

/** The fields of each answer (docs/protocol/*.schema.json), the request id every answer may echo included. */
const ANSWER_FIELDS: Record<NodeLine['type'], readonly string[]> = {
  ready: ['type', REQUEST_ID_FIELD, 'messageKind', 'reuse', 'quietTicks', 'promises', 'implementsFeatures', 'view'],
  effects: ['type', REQUEST_ID_FIELD, 'effects', 'quietTicks', 'view'],
  'state-digest': ['type', REQUEST_ID_FIELD, 'digest'],
  error: ['type', REQUEST_ID_FIELD, 'message'],
};
const VIEW_FIELDS = ['role', 'term', 'commitIndex', 'appliedIndex', 'snapshotIndex', 'snapshotTerm', 'lastIndex', 'log', 'configuration', 'progress'];
/** By effect kind (a `log` effect is the harness's own, from stderr: never on the wire). */
const EFFECT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  append: ['kind', 'file', 'bytes'],
  write: ['kind', 'file', 'bytes'],
  fsync: ['kind', 'file'],
  delete: ['kind', 'file'],
  rename: ['kind', 'from', 'to'],
  send: ['kind', 'to', 'message', 'promises'],
  reply: ['kind', 'to', 'response'],
  'admin-reply': ['kind', 'id', 'outcome', 'leaderHint'],
};

/** Parses one line into a node message of a known type (its body is checked by the readers below). */
export function parseNodeLine(line: string): NodeLine & Record<string, unknown> {
  let value: unknown;
  try {
    value = parseStrictJson(line);
  } catch (error) {
    // A key twice: JSON.parse would keep the last silently, and the harness would act on one of two answers.
    fail(error instanceof StrictJsonError && !error.notJson ? error.message : 'not a JSON line');
  }
  if (!isRecord(value)) fail('not a JSON object');
  const type = value['type'];
  if (type !== 'ready' && type !== 'effects' && type !== 'state-digest' && type !== 'error') {
    fail(`unknown message type ${JSON.stringify(type)} (expected ready, effects, state-digest or error)`);
  }
  onlyFields(value, ANSWER_FIELDS[type], type);
  return value as NodeLine & Record<string, unknown>;
}

export function readView(value: unknown): WireView {
  if (!isRecord(value)) fail('view must be an object');
  onlyFields(value, VIEW_FIELDS, 'view');
  const role = value['role'];
  if (typeof role !== 'string' || !ROLES.has(role)) fail(`view.role must be follower, candidate or leader, got ${JSON.stringify(role)}`);
  const view: WireView = {
    role: role as Role,
    term: count(value, 'term', 'view'),
    commitIndex: count(value, 'commitIndex', 'view'),
    appliedIndex: count(value, 'appliedIndex', 'view'),
    snapshotIndex: count(value, 'snapshotIndex', 'view'),
    snapshotTerm: count(value, 'snapshotTerm', 'view'),
    lastIndex: count(value, 'lastIndex', 'view'),
  };
  if (view.lastIndex < view.snapshotIndex) fail(`view.lastIndex ${view.lastIndex} is below view.snapshotIndex ${view.snapshotIndex}`);
  const log = value['log'];
  if (log !== undefined) view.log = readLogUpdate(log);
  const configuration = value['configuration'];
  if (configuration !== undefined) {
    if (!Array.isArray(configuration) || configuration.length === 0 || !configuration.every((id) => Number.isSafeInteger(id) && id >= 1)) fail('view.configuration must be a non-empty list of node ids');
    view.configuration = configuration as number[];
  }
  const progress = value['progress'];
  if (progress !== undefined) view.progress = readProgress(progress);
  return view;
}

function readProgress(value: unknown): [number, number, number][] {
  const isTriple = (item: unknown): boolean =>
    Array.isArray(item) && item.length === 3 && item.every((field) => Number.isSafeInteger(field) && field >= 0) && (item[0] as number) >= 1;
  if (!Array.isArray(value) || !value.every(isTriple)) fail(`view.progress must be a list of [peer, matchIndex, nextIndex], got ${JSON.stringify(value)}`);
  return value as [number, number, number][];
}

/** The `quietTicks` promise of an answer (absent: none). */
export function readQuietTicks(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(`quietTicks must be an integer >= 0, got ${JSON.stringify(value)}`);
  return value;
}

function readLogUpdate(value: unknown): WireLogUpdate {
  if (!isRecord(value)) fail('view.log must be an object');
  onlyFields(value, ['from', 'entries'], 'view.log');
  const from = count(value, 'from', 'view.log');
  if (from < 1) fail('view.log.from must be >= 1');
  const entries = value['entries'];
  if (!Array.isArray(entries)) fail('view.log.entries must be a list of [term, digest]');
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2 || !Number.isSafeInteger(entry[0]) || (entry[0] as number) < 0 || typeof entry[1] !== 'string') {
      fail(`view.log.entries holds ${JSON.stringify(entry)}, not [term, digest]`);
    }
  }
  return { from, entries: entries as [number, string][] };
}

function bytesOf(record: Record<string, unknown>, where: string): Uint8Array {
  const encoded = text(record, 'bytes', where);
  const bytes = Buffer.from(encoded, 'base64');
  // Buffer.from skips what is not base64; a round trip tells whether anything was skipped.
  if (bytes.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) fail(`${where}.bytes is not base64`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readAdminReply(effect: Record<string, unknown>, where: string): NodeEffect<unknown> {
  const outcome = effect['outcome'];
  if (typeof outcome !== 'string' || !ADMIN_OUTCOMES.has(outcome)) fail(`${where}.outcome must be ok, not-leader or rejected, got ${JSON.stringify(outcome)}`);
  const hint = effect['leaderHint'];
  if (hint !== undefined && hint !== null && (typeof hint !== 'number' || !Number.isSafeInteger(hint) || hint < 1)) fail(`${where}.leaderHint must be a node id or null, got ${JSON.stringify(hint)}`);
  const reply = { kind: 'admin-reply' as const, id: count(effect, 'id', where), outcome: outcome as AdminOutcome };
  return hint === undefined ? reply : { ...reply, leaderHint: hint as number | null };
}

/** Hears what a sent message promises; null: the node did not declare `promises`, so a send may not carry them. */
export type PromiseListener = ((message: object, promises: MessagePromises) => void) | null;

/** The effects list, checked and converted; `messageKind` is the field every message must name its kind in. */
export function readEffects(value: unknown, messageKind: string, promised: PromiseListener): NodeEffect<unknown>[] {
  if (!Array.isArray(value)) fail('effects must be a list');
  return value.map((effect: unknown, index): NodeEffect<unknown> => {
    const where = `effects[${index}]`;
    if (!isRecord(effect)) fail(`${where} must be an object`);
    const kind = effect['kind'];
    if (typeof kind === 'string' && Object.hasOwn(EFFECT_FIELDS, kind)) onlyFields(effect, EFFECT_FIELDS[kind]!, where);
    switch (kind) {
      case 'append':
      case 'write':
        return { kind, file: text(effect, 'file', where), bytes: bytesOf(effect, where) };
      case 'fsync':
      case 'delete':
        return { kind, file: text(effect, 'file', where) };
      case 'rename':
        return { kind, from: text(effect, 'from', where), to: text(effect, 'to', where) };
      case 'send': {
        const message = effect['message'];
        if (!isRecord(message) || typeof message[messageKind] !== 'string') fail(`${where}.message must be an object with a string field "${messageKind}" (the declared messageKind)`);
        const to = count(effect, 'to', where);
        const promises = readMessagePromises(effect, where);
        if (promises !== null) {
          if (promised === null) fail(`${where}.promises given, but the ready answer did not declare "promises": true`);
          promised(message, promises);
        }
        return { kind, to, message };
      }
      case 'reply': {
        // The simulator judges the response itself (MalformedReply); only the envelope is checked here.
        if (!isRecord(effect['response'])) fail(`${where}.response must be an object`);
        return { kind, to: count(effect, 'to', where), response: effect['response'] as never };
      }
      case 'admin-reply':
        return readAdminReply(effect, where);
      default:
        fail(`${where} has unknown kind ${JSON.stringify(kind)} (expected append, write, fsync, rename, delete, send, reply or admin-reply)`);
    }
  });
}
