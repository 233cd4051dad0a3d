/**
 * Ghost recovery: a node's promises are judged as if a crash followed them.
 *
 * A real restart is judged against what the node promised before it
 * (restart-rules.ts), but only where the plan crashes it, so a node that
 * answers before its promise is durable fails only on the seeds whose crash
 * lands in that window. The simulator knows what a crash would leave at every
 * moment: the synced bytes of each file (disk.ts crashImage, the most
 * pessimistic crash, every unsynced byte lost). So at a moment worth judging
 * the simulator starts a throwaway copy of the node from that image through
 * the system's own start (NodeFactory.start: the recovery a restart runs),
 * holds its first view to the restart rules, and throws the copy away. The
 * live node, its disk, its clock and every random stream stay as they were,
 * so a run that passes is the run it was.
 *
 * The moments: a message that makes a promise the node had not made yet (a
 * higher term, another acknowledged entry, a later snapshot), and a rename or
 * delete with more durable changes to follow in the same step (a file
 * replaced half-way, as a snapshot and the compaction after it do). A vote is
 * judged only through its term: a view shows no vote (SingleVotePerTerm
 * catches a vote forgotten once the node votes again). A disk a storage fault
 * struck is not judged: what a crash leaves there may lawfully lack a promise
 * (promise-voiding.ts).
 *
 * A recovery costs as much as a dozen steps of the whole simulation, and these
 * moments come by the hundred per run, so not each is judged. A missing fsync
 * or a wrong order of writes is a fault of a code path, which fails each time
 * the path runs: so each moment is named by its path (the kind of message
 * sent and what it newly promised, a term before a snapshot before an
 * acknowledgement; a leader's own copy counted to commit; the file moved) and
 * only the first moment of each name in a run is judged: about six per run,
 * under 5% of a default seed's time (sim-ab, docs/measurements.md). Which state that first
 * moment meets varies with the seed.
 */

import type { NodeId, NodeView } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';
import { restartBreaches, type AckedEntry, type RestartPromises } from './restart-rules.js';

/**
 * Starts a throwaway copy of `node` from what a crash now would leave and hands its view to `judge`;
 * false when there is nothing to judge (a storage fault struck its disk).
 */
export type RecoverGhost = (node: NodeId, judge: (view: NodeView) => void) => boolean;

export interface GhostContext {
  recover: RecoverGhost;
  /** NodeFactory.messageKind and describeMessage. */
  messageKind(message: unknown): string;
  describe(message: unknown): string;
}

/** The moment a message was sent, described when asked (built outside `sent`, which then needs no context per message). */
function sendingMoment(context: GhostContext, to: NodeId, message: unknown): () => string {
  return () => `sending n${to} ${context.describe(message)}`;
}

/** The promises a node last made, to tell a new one. */
interface Made {
  term: number;
  snapshotIndex: number;
  acked: AckedEntry | null;
}

/** The names of the paths of one message kind, built once: nearly every acknowledgement sent is a new promise, and a name built per message cost more than the rest of `sent`. */
interface KindPaths {
  readonly term: string;
  readonly snapshot: string;
  readonly ack: string;
}

/** A leader's own copy counted to commit (leader-self-count.ts) is promised by no message of its own: one path whatever it sends next. */
const OWN_COPY_COUNTED = 'own copy counted';

export class GhostRecoveryOracle {
  /** By node id (small integers): read for every message sent, where an array slot is cheaper than a Map. */
  private readonly made: (Made | undefined)[] = [];
  /** The paths judged in this run (a path whose disk could not be judged waits for its next moment). */
  private readonly judgedPaths = new Set<string>();
  private readonly kindPaths = new Map<string, KindPaths>();

  constructor(private readonly context: GhostContext) {}

  /** A node (re)started: what it promises next is new to this incarnation. */
  started(node: NodeId): void {
    this.made[node] = undefined;
  }

  /** `node` sent `message` to `to`; `held` is what it has promised, this message included. */
  sent(node: NodeId, to: NodeId, message: unknown, held: RestartPromises): void {
    let made = this.made[node];
    if (made === undefined) this.made[node] = made = { term: 0, snapshotIndex: 0, acked: null };
    const newTerm = held.sentTerm > made.term;
    const newSnapshot = held.snapshotIndex > made.snapshotIndex;
    const newAck = held.acked !== null && held.acked !== made.acked;
    if (!newTerm && !newSnapshot && !newAck) return;
    made.term = held.sentTerm;
    made.snapshotIndex = held.snapshotIndex;
    made.acked = held.acked;
    const paths = this.pathsOf(this.context.messageKind(message));
    const path = newTerm ? paths.term : newSnapshot ? paths.snapshot : held.acked?.counted === true ? OWN_COPY_COUNTED : paths.ack;
    if (this.judgedPaths.has(path)) return;
    if (this.judge(node, held, sendingMoment(this.context, to, message))) this.judgedPaths.add(path);
  }

  private pathsOf(kind: string): KindPaths {
    let paths = this.kindPaths.get(kind);
    if (paths === undefined) this.kindPaths.set(kind, (paths = { term: `${kind} term`, snapshot: `${kind} snapshot`, ack: `${kind} ack` }));
    return paths;
  }

  /**
   * `node` renamed or deleted a file (`what`) with more durable changes to follow in the same step:
   * its files are half-way through a change, and what it promised so far must survive a crash there.
   */
  filesMoved(node: NodeId, held: RestartPromises, what: string): void {
    if (held.sentTerm === 0 && held.acked === null && held.snapshotIndex === 0) return;
    // Digits dropped: a file named by an index or a sequence number is one path.
    const path = what.replace(/\d+/g, '#');
    if (this.judgedPaths.has(path)) return;
    if (this.judge(node, held, () => what)) this.judgedPaths.add(path);
  }

  /** Judges `held` against a ghost recovery of `node` right after `moment`; false when its disk could not be judged. */
  private judge(node: NodeId, held: RestartPromises, moment: () => string): boolean {
    return this.context.recover(node, (view) => {
      const breach = restartBreaches(node, held, view)[0];
      if (breach === undefined) return;
      throw new InvariantViolation(breach.invariant, node, `ghost recovery, as if n${node} crashed right after ${moment()}: ${breach.detail}`);
    });
  }
}
