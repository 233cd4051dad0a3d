/**
 * ConfigurationFollowsLog fed hand-made views: a node must use the latest
 * configuration entry of its log, and with none above its snapshot the
 * committed configuration at its snapshot index; a cut entry lapses. A system
 * whose configuration changes without entries of the "config ..." convention
 * is not judged.
 */

import { describe, expect, it } from 'vitest';
import type { NodeId, NodeView } from '../../../src/harness/api.js';
import { ConfigurationOracle, configurationOf } from '../../../src/sim/oracles/configuration-log.js';
import { violationOf } from './violation-of.js';

interface Entry {
  readonly term: number;
  readonly digest: string;
}

/** A view of a log of `entries` after a snapshot at `snapshotIndex` (term `snapshotTerm`), using `voters`. */
function viewOf(options: { entries: Entry[]; voters: NodeId[]; commitIndex?: number; snapshotIndex?: number; snapshotTerm?: number }): NodeView {
  const base = options.snapshotIndex ?? 0;
  const last = base + options.entries.length;
  const entryAt = (index: number): Entry => {
    const entry = options.entries[index - base - 1];
    if (entry === undefined) throw new Error(`no entry ${index}`);
    return entry;
  };
  return {
    role: 'follower',
    term: 3,
    commitIndex: options.commitIndex ?? base,
    appliedIndex: options.commitIndex ?? base,
    snapshotIndex: base,
    lastIndex: last,
    termAt: (index) => (index === base ? (options.snapshotTerm ?? 0) : entryAt(index).term),
    entryDigest: (index) => entryAt(index).digest,
    stateDigest: () => '',
    configuration: () => options.voters,
  };
}

const put = (seq: number): Entry => ({ term: 1, digest: `c1#${seq} {"op":"put","key":"k","value":"${seq}"}` });
const config = (term: number, voters: NodeId[]): Entry => ({ term, digest: `config ${voters.join(',')}` });

describe('ConfigurationFollowsLog', () => {
  it('reads the voters of configuration digests only', () => {
    expect(configurationOf('config 1,2,4')).toEqual([1, 2, 4]);
    expect(configurationOf('noop')).toBeNull();
    expect(configurationOf('c1#2 {"op":"put"}')).toBeNull();
  });

  it('passes a node that uses the latest configuration in its log, committed or not, in any order', () => {
    const oracle = new ConfigurationOracle([1, 2, 3]);
    oracle.started(1);
    expect(violationOf(() => oracle.afterStep(1, viewOf({ entries: [put(1)], voters: [1, 2, 3] })))).toBeNull();
    expect(violationOf(() => oracle.afterStep(1, viewOf({ entries: [put(1), config(1, [1, 2, 3, 4])], voters: [4, 3, 2, 1] })))).toBeNull();
  });

  it('fails a node that keeps a configuration whose entry was cut', () => {
    const oracle = new ConfigurationOracle([1, 2, 3]);
    oracle.started(2);
    oracle.afterStep(2, viewOf({ entries: [put(1), config(1, [1, 2, 3, 4])], voters: [1, 2, 3, 4] }));
    // A leader of term 2 replaced entry 2: the configuration {n1..n4} lapsed with it.
    const cut = viewOf({ entries: [put(1), { term: 2, digest: 'noop' }], voters: [1, 2, 3, 4] });
    expect(violationOf(() => oracle.afterStep(2, cut))).toMatch(/n2 uses configuration \{n1,n2,n3,n4\} but the committed configuration at its snapshot index 0 is \{n1,n2,n3\}/);
  });

  it('fails a node that ignores a configuration entry it wrote', () => {
    const oracle = new ConfigurationOracle([1, 2, 3]);
    oracle.started(1);
    oracle.afterStep(1, viewOf({ entries: [put(1)], voters: [1, 2, 3] }));
    expect(violationOf(() => oracle.afterStep(1, viewOf({ entries: [put(1), config(1, [1, 2])], voters: [1, 2, 3] })))).toMatch(
      /latest configuration in its log \(entry 2\) is \{n1,n2\}/,
    );
  });

  it('holds a node restarted from a snapshot to the committed configuration at its index', () => {
    const oracle = new ConfigurationOracle([1, 2, 3]);
    oracle.started(1);
    // Committed: entry 2 adds n4; entry 4 (removing n4 again) is not committed.
    oracle.afterStep(1, viewOf({ entries: [put(1), config(1, [1, 2, 3, 4]), put(2), config(1, [1, 2, 3])], voters: [1, 2, 3], commitIndex: 3 }));
    oracle.started(3);
    // n3 restarts from a snapshot at 3 that (wrongly) carries the latest configuration, not the one at index 3.
    const restarted = viewOf({ entries: [], voters: [1, 2, 3], snapshotIndex: 3, snapshotTerm: 1, commitIndex: 3 });
    expect(violationOf(() => oracle.afterStep(3, restarted))).toMatch(/committed configuration at its snapshot index 3 is \{n1,n2,n3,n4\}/);
    oracle.started(2);
    expect(violationOf(() => oracle.afterStep(2, viewOf({ entries: [], voters: [4, 1, 2, 3], snapshotIndex: 3, snapshotTerm: 1, commitIndex: 3 })))).toBeNull();
  });

  it('does not judge a snapshot index above an unknown committed entry', () => {
    const oracle = new ConfigurationOracle([1, 2, 3]);
    oracle.started(1);
    oracle.afterStep(1, viewOf({ entries: [config(1, [1, 2, 3, 4])], voters: [1, 2, 3, 4] }));
    oracle.started(2);
    // Entries 2..5 were committed and compacted where the oracle never read them.
    expect(violationOf(() => oracle.afterStep(2, viewOf({ entries: [], voters: [1, 2], snapshotIndex: 5, snapshotTerm: 1, commitIndex: 5 })))).toBeNull();
  });

  it('does not judge a system whose configuration changes without "config" digests', () => {
    const oracle = new ConfigurationOracle([1, 2, 3]);
    oracle.started(1);
    expect(violationOf(() => oracle.afterStep(1, viewOf({ entries: [{ term: 1, digest: 'membership +4' }], voters: [1, 2, 3, 4] })))).toBeNull();
    expect(violationOf(() => oracle.afterStep(1, viewOf({ entries: [{ term: 1, digest: 'membership +4' }, config(1, [1])], voters: [1, 2, 3, 4] })))).toBeNull();
  });
});
