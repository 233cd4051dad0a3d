/**
 * ConfigurationFollowsLog (Raft dissertation section 4.1): "a server always
 * uses the latest configuration in its log, regardless of whether the entry
 * is committed". So, judged from the node's view alone after every step:
 *
 * - a node whose log holds a configuration entry above its snapshot uses the
 *   latest such entry: one added takes effect when written, one cut by a
 *   conflicting suffix lapses with it;
 * - a node with none above its snapshot uses the configuration in force at
 *   its snapshot's last index: the latest configuration entry of the
 *   committed log at or below it (the initial cluster if there is none), which
 *   its snapshot must carry.
 *
 * The mutation campaign (scripts/mutants) found both halves unguarded: a cut
 * that leaves a configuration entry at the cut index in force, and a snapshot
 * that records the latest configuration instead of the one at its index, ran
 * 300 seeds each without a failure, though a node then counts votes and
 * commits against voters its log does not name.
 *
 * Configuration entries are read from entry digests of the form
 * "config <id>,<id>,...". A system whose configuration changes before any such
 * digest has shown up follows another convention: it is not judged.
 * The committed configuration at a snapshot index is judged only once every
 * committed entry up to it has been seen (an entry committed and compacted in
 * one step is known from the tail read before, or not at all).
 */

import type { NodeId, NodeView } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

const CONFIG_PREFIX = 'config ';

/**
 * The voters of a configuration entry's digest, or null for any other entry.
 * Each id is pushed as a small integer (`id | 0`, the same number): `Number`
 * of a string, once optimized, yields a float64, and an array of those holds
 * boxed doubles. Such an array made V8 turn every node-id array compared with
 * it into a double array too (the cluster, each node's voters and peers), and
 * from then on every node id read from one was a freshly boxed double.
 */
export function configurationOf(digest: string): NodeId[] | null {
  if (!digest.startsWith(CONFIG_PREFIX)) return null;
  const voters: NodeId[] = [];
  for (const text of digest.slice(CONFIG_PREFIX.length).split(',')) {
    const id = Number(text);
    if (!Number.isSafeInteger(id)) return null;
    voters.push((id | 0) === id ? id | 0 : id);
  }
  return voters;
}

interface ConfigEntry {
  readonly index: number;
  readonly term: number;
  readonly voters: readonly NodeId[];
}

/** What the oracle read of one incarnation of a node. */
interface NodeLog {
  /** The configuration entries of its log above its snapshot, by ascending index. */
  configs: ConfigEntry[];
  /** Its log was read from this index up to `scannedTo`, which then had term `scannedTerm`. */
  readFrom: number;
  scannedTo: number;
  scannedTerm: number;
  /** Its commit index and snapshot index at the previous step. */
  commitSeen: number;
  baseSeen: number;
  /** The last pair of (used, expected) voter lists found equal: the same pair is not compared again. */
  agreedUsed: readonly NodeId[] | null;
  agreedExpected: readonly NodeId[] | null;
}

export class ConfigurationOracle {
  /** By node id (small integers): read at every step, where an array slot is cheaper than a Map. */
  private readonly nodes: (NodeLog | undefined)[] = [];
  /** The configuration entries of the committed log, by ascending index. */
  private readonly committed: ConfigEntry[] = [];
  /** Every committed entry up to this index has been seen (config or not). */
  private knownThrough = 0;
  /** Committed indexes seen above `knownThrough`. */
  private readonly knownAbove = new Set<number>();
  /** A configuration-entry digest has been seen in some log: the system follows the convention. */
  private conventionSeen = false;
  /** A configuration changed with no such digest ever seen: another convention, not judged. */
  private disabled = false;
  /** The last voter list found equal to the initial one before the convention showed: voter lists are immutable, so it is not compared again. */
  private initialAgreed: readonly NodeId[] | null = null;

  constructor(private readonly initial: readonly NodeId[]) {}

  /** A node (re)started: its log is read afresh. */
  started(node: NodeId): void {
    this.nodes[node] = { configs: [], readFrom: 1, scannedTo: 0, scannedTerm: 0, commitSeen: 0, baseSeen: 0, agreedUsed: null, agreedExpected: null };
  }

  afterStep(node: NodeId, view: NodeView): void {
    if (this.disabled || view.configuration === undefined) return;
    const log = this.nodes[node];
    if (log === undefined) throw new Error(`configuration oracle: node n${node} was never started`);
    // Most steps (ticks, heartbeats) change neither the log, the commit index nor an agreed configuration.
    const unchanged = view.commitIndex === log.commitSeen && view.lastIndex === log.scannedTo && view.snapshotIndex === log.baseSeen && view.termAt(view.lastIndex) === log.scannedTerm;
    if (unchanged && log.agreedExpected !== null && view.configuration() === log.agreedUsed) return;
    // Before any configuration entry shows, an unchanged log adds nothing to read and the same voters agree again.
    if (unchanged && !this.conventionSeen && view.configuration() === this.initialAgreed) return;
    log.baseSeen = view.snapshotIndex;
    this.readCommitted(log, view);
    this.readTail(log, view);
    const actual = view.configuration();
    if (!this.conventionSeen) {
      if (actual === this.initialAgreed) return;
      if (sameVoters(actual, this.initial)) this.initialAgreed = actual;
      else this.disabled = true;
      return;
    }
    // Not `configs[length - 1]` on an empty list: reading index -1 is a named-property lookup up the prototype chain.
    const latest = log.configs.length === 0 ? undefined : log.configs[log.configs.length - 1];
    const expected = latest !== undefined ? latest.voters : this.committedAt(view.snapshotIndex);
    if (expected === null || (actual === log.agreedUsed && expected === log.agreedExpected)) return;
    if (sameVoters(actual, expected)) {
      log.agreedUsed = actual;
      log.agreedExpected = expected;
      return;
    }
    const why = latest !== undefined ? `the latest configuration in its log (entry ${latest.index})` : `the committed configuration at its snapshot index ${view.snapshotIndex}`;
    throw new InvariantViolation('ConfigurationFollowsLog', node, `n${node} uses configuration ${describe(actual)} but ${why} is ${describe(expected)}`);
  }

  /**
   * The configuration `node` has committed, by its view after its last step: its latest configuration entry at
   * or below its commit index, else the committed configuration at its snapshot index. Null when that is
   * unknown: no configuration entry seen yet, another convention, or a committed entry not seen.
   */
  committedConfiguration(node: NodeId, view: NodeView): readonly NodeId[] | null {
    const log = this.nodes[node];
    if (this.disabled || !this.conventionSeen || view.configuration === undefined || log === undefined) return null;
    let voters: readonly NodeId[] | null = null;
    for (const config of log.configs) {
      if (config.index > view.commitIndex) break;
      voters = config.voters;
    }
    return voters ?? this.committedAt(view.snapshotIndex);
  }

  /** The configuration in force at committed index `index`, or null while a committed entry up to it is unknown. */
  private committedAt(index: number): readonly NodeId[] | null {
    if (index > this.knownThrough) return null;
    let voters = this.initial;
    for (const entry of this.committed) {
      if (entry.index > index) break;
      voters = entry.voters;
    }
    return voters;
  }

  /** Learns the committed entries this step added to the node's commit index, from its log or from the tail read before. */
  private readCommitted(log: NodeLog, view: NodeView): void {
    const from = log.commitSeen;
    const to = view.commitIndex;
    log.commitSeen = to;
    if (to <= this.knownThrough) return;
    let index = Math.max(from, this.knownThrough) + 1;
    // What the earlier read of the log covered, if the log still ends that read with the same entry (so, by Log
    // Matching, holds it all): its configuration entries are known without reading digests, even those this step
    // committed and compacted at once.
    const readEnd = log.scannedTo >= view.snapshotIndex && log.scannedTo <= view.lastIndex && view.termAt(log.scannedTo) === log.scannedTerm ? log.scannedTo : 0;
    if (index >= log.readFrom && index <= readEnd) {
      const end = Math.min(to, readEnd);
      for (const config of log.configs) if (config.index >= index && config.index <= end) this.commitConfig(config);
      if (index === this.knownThrough + 1) this.knownThrough = end;
      else for (let known = index; known <= end; known++) this.knownAbove.add(known);
      index = end + 1;
    }
    for (; index <= to; index++) {
      if (index <= view.snapshotIndex || this.knownAbove.has(index)) continue;
      const voters = configurationOf(view.entryDigest(index));
      if (voters !== null) this.commitConfig({ index, term: view.termAt(index), voters });
      this.knownAbove.add(index);
    }
    while (this.knownAbove.delete(this.knownThrough + 1)) this.knownThrough++;
  }

  private commitConfig(entry: ConfigEntry): void {
    let at = this.committed.length;
    while (at > 0 && (this.committed[at - 1] as ConfigEntry).index >= entry.index) at--;
    if (this.committed[at]?.index === entry.index) return;
    this.committed.splice(at, 0, entry);
  }

  /** Brings the node's configuration entries above its snapshot up to date with its log. */
  private readTail(log: NodeLog, view: NodeView): void {
    const last = view.lastIndex;
    const base = view.snapshotIndex;
    // The log kept what was read if its end then is still there with the same term; else read it all again.
    const unchanged = log.scannedTo <= last && log.scannedTo >= base && view.termAt(log.scannedTo) === log.scannedTerm;
    let start = base + 1;
    if (unchanged) start = log.scannedTo + 1;
    else {
      log.configs = [];
      log.readFrom = start;
    }
    if (log.configs.length > 0 && (log.configs[0] as ConfigEntry).index <= base) log.configs = log.configs.filter((config) => config.index > base);
    for (let index = start; index <= last; index++) {
      const voters = configurationOf(view.entryDigest(index));
      if (voters === null) continue;
      this.conventionSeen = true;
      log.configs.push({ index, term: view.termAt(index), voters });
    }
    log.scannedTo = last;
    log.scannedTerm = view.termAt(last);
  }
}

function sameVoters(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  // Most lists compared are in the same order: equal without sorting copies.
  let inOrder = true;
  for (let k = 0; k < a.length && inOrder; k++) inOrder = a[k] === b[k];
  if (inOrder) return true;
  const sorted = [...b].sort((x, y) => x - y);
  return [...a].sort((x, y) => x - y).every((id, k) => id === sorted[k]);
}

function describe(voters: readonly NodeId[]): string {
  return `{${voters.map((id) => `n${id}`).join(',')}}`;
}
