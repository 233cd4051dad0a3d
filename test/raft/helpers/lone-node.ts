/** Drive one node by hand: feed inputs, inspect the effects it returns (for role and rule tests). */

import type { NodeEffect, NodeFeatures, NodeId, NodeTuning, SimNode } from '../../../src/harness/api.js';
import { raftFactory, type RaftMessage } from '../../../src/raft/index.js';
import { DEFAULT_FEATURES, DEFAULT_TUNING } from '../../../src/harness/tuning.js';

export type Effects = NodeEffect<RaftMessage>[];

export function startNode(
  id: NodeId,
  cluster: NodeId[],
  options: { snapshotEvery?: number; files?: Map<string, Uint8Array>; features?: Partial<NodeFeatures>; bugs?: string[]; tuning?: Partial<NodeTuning> } = {},
): SimNode<RaftMessage> {
  const features = { ...DEFAULT_FEATURES, ...options.features };
  return raftFactory.start(
    { id, cluster, randomSeed: `lone-${id}`, randomInt: () => 0, snapshotEvery: options.snapshotEvery ?? 1000, bugs: new Set(options.bugs), tuning: { ...DEFAULT_TUNING, ...options.tuning }, selfChecks: true, features, maxClockDrift: 0 },
    options.files ?? new Map(),
  );
}

export function deliver(node: SimNode<RaftMessage>, from: NodeId, message: RaftMessage): Effects {
  return node.step({ kind: 'message', from, message });
}

/** Tick until the election timer (drawn as the minimum, randomInt() = 0) fires. */
export function tickToElection(node: SimNode<RaftMessage>): Effects {
  let effects: Effects = [];
  for (let t = 0; t < DEFAULT_TUNING.electionTimeoutMinTicks; t++) effects = node.step({ kind: 'tick' });
  return effects;
}

export function sent(effects: Effects): { to: NodeId; message: RaftMessage }[] {
  return effects.flatMap((effect) => (effect.kind === 'send' ? [{ to: effect.to, message: effect.message }] : []));
}

export function kinds(effects: Effects): string[] {
  return effects.map((effect) => (effect.kind === 'send' ? `send:${effect.message.kind}` : effect.kind));
}

/** Index of the first send or reply, and of the last fsync: persistence must come first. */
export function assertSyncedBeforeOutput(effects: Effects): void {
  const firstOutput = effects.findIndex((effect) => effect.kind === 'send' || effect.kind === 'reply');
  const writes = effects.map((effect, k) => (effect.kind === 'append' || effect.kind === 'write' ? k : -1)).filter((k) => k >= 0);
  if (firstOutput < 0 || writes.length === 0) return;
  const lastWrite = writes[writes.length - 1]!;
  const syncAfterLastWrite = effects.findIndex((effect, k) => k > lastWrite && effect.kind === 'fsync');
  if (!(lastWrite < firstOutput && syncAfterLastWrite >= 0 && syncAfterLastWrite < firstOutput)) {
    throw new Error(`output before durable state: ${kinds(effects).join(', ')}`);
  }
}
