/**
 * The node must be a pure function of its inputs: no clock, no unseeded
 * randomness, no timers, no promises, no real I/O in src/raft, src/kv or
 * src/storage (scanned here, comments excluded), and the same inputs give
 * the same effects.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TestCluster } from './helpers/test-cluster.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FORBIDDEN: [string, RegExp][] = [
  ['Math.random', /Math\.random/],
  ['Date.now', /Date\.now/],
  ['new Date', /new Date\b/],
  ['performance.now', /performance\.now/],
  ['process', /\bprocess\./],
  ['timers', /\b(setTimeout|setInterval|setImmediate|queueMicrotask)\b/],
  ['promises', /\bPromise\b|\basync\b|\bawait\b/],
  ['node: imports', /from\s+['"](node:|fs|path|os|crypto|child_process|worker_threads)/],
  ['require', /\brequire\(/],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('determinism', () => {
  it('src/raft, src/kv and src/storage use no clock, randomness, timers, promises or I/O', () => {
    const files = ['src/raft', 'src/kv', 'src/storage'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(10);
    const offences: string[] = [];
    for (const file of files) {
      const code = withoutComments(readFileSync(file, 'utf8'));
      for (const [name, pattern] of FORBIDDEN) if (pattern.test(code)) offences.push(`${file}: ${name}`);
    }
    expect(offences).toEqual([]);
  });

  it('the same inputs produce the same effects', () => {
    const run = (): string => {
      const cluster = new TestCluster({ seed: 99, snapshotEvery: 4 });
      const leader = cluster.electLeader();
      for (let client = 1; client <= 12; client++) cluster.submit(leader, { client, seq: 1, op: { op: 'append', key: 'k', value: `${client}` } });
      cluster.runUntil(() => cluster.replies.length === 12);
      const effects = cluster.ids.map((id) => JSON.stringify(cluster.lastEffects.get(id) ?? null, (_key, value: unknown) => (value instanceof Uint8Array ? [...value] : value)));
      return JSON.stringify([cluster.replies, effects, cluster.ids.map((id) => cluster.node(id).view().stateDigest())]);
    };
    expect(run()).toBe(run());
  });
});
