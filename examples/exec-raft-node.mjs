#!/usr/bin/env node
// Our built-in Raft as an exec node: the step protocol (docs/protocol.md)
// around src/raft, so that `--system exec:'node examples/exec-raft-node.mjs'`
// runs the same Raft in subprocesses. The same seed gives the same trace hash
// as in-process (test/harness/exec-raft.test.ts), which proves the protocol
// carries everything a node needs. Run `npm run build` first (it imports dist/).
//
// Each send carries what its message promises (raftFactory.promises), and the
// ready answer declares that, with the features the Raft implements, so the
// simulator's promise, ghost-recovery and transfer oracles judge it as they
// judge the in-process node. Pass --no-reuse to get one process per node
// start, as a node that does not declare `reuse` is run; --no-promises to
// declare and send none, as a node written before promises is run.
import { readSync, writeSync } from 'node:fs';
import { raftFactory } from '../dist/src/raft/index.js';
import { seededRandomInt } from '../dist/src/sim/node-seed.js';

const reuse = !process.argv.includes('--no-reuse');
const describesPromises = !process.argv.includes('--no-promises');
const input = Buffer.alloc(1 << 16);
let pending = '';

function readLine() {
  for (;;) {
    const newline = pending.indexOf('\n');
    if (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      return line;
    }
    const count = readSync(0, input, 0, input.length, null);
    if (count === 0) process.exit(0); // the harness is gone
    pending += input.toString('utf8', 0, count);
  }
}

/**
 * Answers `request`, echoing its requestId (optional in the protocol: with it,
 * a second answer to one request can never pass for the answer to the next).
 */
function answer(request, { type, ...fields }) {
  writeSync(1, `${JSON.stringify({ type, requestId: request.requestId, ...fields })}\n`);
}

const base64 = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

function encodeEffect(effect) {
  if (effect.kind === 'append' || effect.kind === 'write') return { ...effect, bytes: base64(effect.bytes) };
  if (effect.kind !== 'send' || !describesPromises) return effect;
  const promises = raftFactory.promises(effect.message);
  return promises === null ? effect : { ...effect, promises };
}

const declaration = describesPromises ? { promises: true, implementsFeatures: raftFactory.implementsFeatures } : {};

// The view sends only the log entries that changed since the last one (the harness keeps a copy).
function makeViewer(node) {
  let reportedTerms = []; // term of entry snapshotIndex + 1 + k, as last reported
  let reportedBase = 0;
  let reportedConfiguration = null;
  return () => {
    const view = node.view();
    const { snapshotIndex, lastIndex } = view;
    let from = snapshotIndex + 1;
    if (snapshotIndex >= reportedBase) {
      // Same (index, term) in one node's log means the same entry: skip the unchanged prefix.
      while (from <= lastIndex && reportedTerms[from - reportedBase - 1] === view.termAt(from)) from++;
    }
    const entries = [];
    for (let index = from; index <= lastIndex; index++) entries.push([view.termAt(index), view.entryDigest(index)]);
    const terms = [];
    for (let index = snapshotIndex + 1; index <= lastIndex; index++) terms.push(view.termAt(index));
    reportedTerms = terms;
    reportedBase = snapshotIndex;
    const configuration = view.configuration();
    const configurationChanged = configuration !== reportedConfiguration;
    reportedConfiguration = configuration;
    // A leader's matchIndex and nextIndex per peer, for the LeaderMatchIndex and LeaderNextIndex oracles.
    const progress = view.role === 'leader' && node.progress instanceof Map ? [...node.progress].map(([peer, p]) => [peer, p.matchIndex, p.nextIndex]) : undefined;
    return {
      role: view.role,
      term: view.term,
      commitIndex: view.commitIndex,
      appliedIndex: view.appliedIndex,
      snapshotIndex,
      snapshotTerm: view.termAt(snapshotIndex),
      lastIndex,
      ...(entries.length > 0 ? { log: { from, entries } } : {}),
      ...(configurationChanged ? { configuration } : {}),
      ...(progress === undefined ? {} : { progress }),
    };
  };
}

const VIEW_FIELDS = ['role', 'term', 'commitIndex', 'appliedIndex', 'snapshotIndex', 'snapshotTerm', 'lastIndex'];

// An effects answer may leave out a view that is the same as the last one sent (about a third of them).
function sameView(view, last) {
  return last !== null && view.log === undefined && VIEW_FIELDS.every((field) => view[field] === last[field]) && JSON.stringify(view.progress) === JSON.stringify(last.progress);
}

// How many ticks provably change nothing observable: a follower's or candidate's tick only counts
// toward its election timeout until the one that reaches it (src/raft/node.ts, onTick). A leader's
// ticks, and a first step that still owes recovery effects, are never promised. Fields this
// adapter does not find (another version of the node) promise nothing.
function quietTicks(raft, view) {
  const { electionElapsed, electionTimeout, startupRepair } = raft;
  if (view.role === 'leader' || !Number.isSafeInteger(electionElapsed) || !Number.isSafeInteger(electionTimeout)) return 0;
  if (!Array.isArray(startupRepair) || startupRepair.length > 0) return 0;
  return Math.max(0, electionTimeout - electionElapsed - 1);
}

let node = null;
let viewOf = null;
let lastView = null;
for (;;) {
  const request = JSON.parse(readLine());
  try {
    switch (request.type) {
      case 'init': {
        const files = new Map(Object.entries(request.files).map(([name, text]) => [name, new Uint8Array(Buffer.from(text, 'base64'))]));
        // randomInt is rebuilt from the seed exactly as the simulator builds it in-process; the rest of
        // NodeOptions (tuning.maxInflight, the pipelining window, included) is the request's plain fields.
        const options = { ...request, bugs: new Set(request.bugs), randomInt: seededRandomInt(request.randomSeed) };
        node = raftFactory.start(options, files);
        viewOf = makeViewer(node);
        const view = viewOf();
        lastView = view;
        answer(request, { type: 'ready', messageKind: 'kind', reuse, ...declaration, quietTicks: quietTicks(node, view), view });
        break;
      }
      case 'step': {
        for (let held = 0; held < (request.ticks ?? 0); held++) {
          if (node.step({ kind: 'tick' }).length > 0) throw new Error('a tick promised quiet had effects');
        }
        const effects = node.step(request.input).map(encodeEffect);
        const view = viewOf();
        const quiet = quietTicks(node, view);
        answer(request, sameView(view, lastView) ? { type: 'effects', effects, quietTicks: quiet } : { type: 'effects', effects, quietTicks: quiet, view });
        lastView = view;
        break;
      }
      case 'state-digest':
        answer(request, { type: 'state-digest', digest: node.view().stateDigest() });
        break;
      default:
        throw new Error(`unknown request ${request.type}`);
    }
  } catch (error) {
    // What in-process would be an exception thrown by the node.
    node = null;
    answer(request, { type: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
}
