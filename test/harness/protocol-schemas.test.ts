/**
 * The JSON Schemas of docs/protocol/ describe the real traffic: every line of
 * a few runs of the Raft adapter and of the Python node, both ways, validates
 * against the schema of its message type (ajv, draft-07), and every message
 * type of a healthy run occurs.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadSystem } from '../../src/harness/system-module.js';
import { runSeed } from '../../src/sim/run.js';
import { RAFT_ADAPTER, repoRoot } from './exec-helpers.js';

const schemaDir = join(repoRoot, 'docs/protocol');
const ajv = new Ajv({ allErrors: true });
for (const name of readdirSync(schemaDir)) ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, name), 'utf8')) as object);
const schema = (name: string): ValidateFunction => ajv.getSchema(`${name}.schema.json`) as ValidateFunction;

/** Which schema a line follows, by direction and type. */
const TO_NODE: Record<string, string> = { init: 'init', step: 'step', 'state-digest': 'state-digest-request' };
const FROM_NODE: Record<string, string> = { ready: 'ready', effects: 'effects', 'state-digest': 'state-digest', error: 'error' };

/** Runs seeds with the traffic log on; returns the lines as [direction, parsed message]. */
async function traffic(spec: string, seeds: number[]): Promise<['>' | '<', { type: string }][]> {
  const log = join(mkdtempSync(join(tmpdir(), 'exec-traffic-')), 'traffic.log');
  process.env['RAFT_CHECK_EXEC_TRAFFIC'] = log;
  try {
    const system = await loadSystem(spec);
    for (const seed of seeds) runSeed(seed, {}, system);
  } finally {
    delete process.env['RAFT_CHECK_EXEC_TRAFFIC'];
  }
  return readFileSync(log, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => {
      const match = /^\d+([<>]) (.*)$/.exec(line);
      if (match === null) throw new Error(`unexpected traffic line ${line}`);
      return [match[1] as '>' | '<', JSON.parse(match[2] as string) as { type: string }];
    });
}

function expectValid(lines: ['>' | '<', { type: string }][]): Set<string> {
  const seen = new Set<string>();
  for (const [direction, message] of lines) {
    const name = (direction === '>' ? TO_NODE : FROM_NODE)[message.type];
    expect(name, `${direction} ${JSON.stringify(message).slice(0, 200)}`).toBeDefined();
    const validate = schema(name as string);
    if (!validate(message)) throw new Error(`${name}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(message).slice(0, 300)}`);
    seen.add(`${direction}${name}`);
  }
  return seen;
}

describe('the protocol schemas', () => {
  it('validate every line of the Raft adapter, both ways, and every message type occurs', async () => {
    // Seed 1 crashes and restarts nodes from their files; seed 2 installs snapshots.
    const lines = await traffic(RAFT_ADAPTER, [1, 2]);
    const seen = expectValid(lines);
    // Followers promise quiet ticks, and the harness hands them over with a later step.
    expect(lines.some(([direction, message]) => direction === '>' && 'ticks' in message)).toBe(true);
    // Sends carry their promises, declared in ready.
    const sends = lines.flatMap(([, message]) => (message.type === 'effects' ? (message as unknown as { effects: { kind: string; promises?: unknown }[] }).effects : []));
    expect(sends.some((effect) => effect.kind === 'send' && effect.promises !== undefined)).toBe(true);
    expect(lines.some(([, message]) => message.type === 'ready' && 'promises' in message && 'implementsFeatures' in message)).toBe(true);
    // A leader reports its progress per peer.
    expect(lines.some(([, message]) => 'view' in message && 'progress' in (message as { view: object }).view)).toBe(true);
    // Every request is numbered, and the adapter echoes each number.
    expect(lines.every(([, message]) => Number.isSafeInteger((message as { requestId?: unknown }).requestId))).toBe(true);
    // An unchanged view is left out.
    expect(lines.some(([direction, message]) => direction === '<' && message.type === 'effects' && !('view' in message))).toBe(true);
    expect([...seen].sort()).toEqual(['<effects', '<ready', '<state-digest', '>init', '>state-digest-request', '>step']);
  }, 120_000);

  it.skipIf(spawnSync('python3', ['--version']).status !== 0)('validate every line of the Python node', async () => {
    const seen = expectValid(await traffic(`exec:python3 ${repoRoot}examples/python/naive_kv.py`, [2]));
    expect(seen.has('<effects')).toBe(true);
  }, 120_000);

  it('are not vacuous: an unknown effect, a missing view field and a bad role are refused', () => {
    const view = { role: 'leader', term: 1, commitIndex: 0, appliedIndex: 0, snapshotIndex: 0, snapshotTerm: 0, lastIndex: 0 };
    expect(schema('effects')({ type: 'effects', effects: [], view })).toBe(true);
    expect(schema('effects')({ type: 'effects', effects: [{ kind: 'launch-missiles' }], view })).toBe(false);
    expect(schema('effects')({ type: 'effects', effects: [], view: { ...view, lastIndex: undefined } })).toBe(false);
    expect(schema('ready')({ type: 'ready', messageKind: 'kind', view: { ...view, role: 'king' } })).toBe(false);
    // The admin items of api.ts, which default seeds do not send yet.
    const admin = { kind: 'admin', id: 4, request: { kind: 'transfer-leadership', to: 3 } };
    expect(schema('step')({ type: 'step', requestId: 5, time: 9, input: admin })).toBe(true);
    expect(schema('step')({ type: 'step', requestId: 5, time: 9, input: { ...admin, request: { kind: 'promote', to: 3 } } })).toBe(false);
    // Request ids: the harness always numbers its requests; an answer may echo the number.
    expect(schema('step')({ type: 'step', time: 9, input: admin })).toBe(false);
    expect(schema('effects')({ type: 'effects', requestId: 5, effects: [], view })).toBe(true);
    expect(schema('effects')({ type: 'effects', requestId: '5', effects: [], view })).toBe(false);
    expect(schema('effects')({ type: 'effects', effects: [{ kind: 'admin-reply', id: 4, outcome: 'rejected' }], view })).toBe(true);
    expect(schema('effects')({ type: 'effects', effects: [{ kind: 'admin-reply', id: 4, outcome: 'maybe' }], view })).toBe(false);
    // Promises: a send's must name known fields, a ready's features known switches.
    const send = { kind: 'send', to: 2, message: { kind: 'Ping' } };
    expect(schema('effects')({ type: 'effects', effects: [{ ...send, promises: { term: 3, acknowledgedIndex: 7 } }], view })).toBe(true);
    expect(schema('effects')({ type: 'effects', effects: [{ ...send, promises: { term: 3, ackIndex: 7 } }], view })).toBe(false);
    expect(schema('effects')({ type: 'effects', effects: [{ ...send, promises: { term: 3, preVoteTerm: 5, preVoteGranted: true } }], view })).toBe(true);
    expect(schema('effects')({ type: 'effects', effects: [{ ...send, promises: { term: 3, preVoteGranted: true } }], view })).toBe(false);
    expect(schema('ready')({ type: 'ready', messageKind: 'kind', promises: true, implementsFeatures: ['preVote'], view })).toBe(true);
    expect(schema('ready')({ type: 'ready', messageKind: 'kind', implementsFeatures: ['warpDrive'], view })).toBe(false);
    expect(schema('effects')({ type: 'effects', effects: [], view: { ...view, progress: [[2, 5, 6]] } })).toBe(true);
    expect(schema('effects')({ type: 'effects', effects: [], view: { ...view, progress: [[2, 5]] } })).toBe(false);
  });
});
