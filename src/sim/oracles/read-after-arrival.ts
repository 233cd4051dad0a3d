/**
 * ReadConfirmedAfterArrival (dissertation section 6.4), for a system that
 * declares it honours the read mode (ImplementableFeature 'readMode': in the
 * 'log' and 'read-index' modes no read is served on a clock). Without a
 * clock, a node answering a get cannot tell itself from a deposed leader
 * unless, after the get arrived, it heard, directly or through a chain of
 * messages, from a majority of its voters: a ReadIndex round started after
 * the read arrived, or the majority that commits a log entry appended for
 * it. So a get answered 'ok' by node a fails unless a majority of a's voters
 * (a itself counted) sent a message, at or after the get's first arrival at
 * any node, that a knows of causally. ReadConfirmedInTerm (read-confirmation.ts)
 * judges the weaker half: no majority had moved to a newer term before the
 * arrival; this one catches the read confirmed by a round in flight when it
 * arrived, or by a lease in ReadIndex mode, whatever the messages say.
 *
 * Causality is tracked as a vector of "latest send time known" per node:
 * each node's own entry is its latest send, a send attaches a copy of the
 * sender's vector to the message, a delivery merges it into the receiver's.
 * A copy is made only when the vector changed since the last one, so a
 * broadcast shares one copy. Attachments live in two generations of plain
 * Maps, the older dropped whenever the newer fills: a WeakMap cost about
 * five times as much per message (its entries burden every collection),
 * enough to slow the whole simulation by several percent. A get is judged
 * only if at most one generation began between its arrival and its answer,
 * so every message sent after its arrival still has its attachment.
 *
 * Tracking runs only while some get is open (delivered and not yet answered,
 * nor given up by its client): in a run where reads are a minority of the
 * operations, that saves most of the per-message cost. Pausing is sound
 * because what a confirmation needs is sends after the arrival and the
 * chains that carry them to a, and a get whose tracking never paused between
 * its first arrival and its answer saw every one of those: its arrival
 * opened tracking (or found it open), and any send or delivery after it came
 * while it stayed open. A get whose first arrival preceded a pause is not
 * judged (its vector may have missed a chain). Vectors only grow, and the
 * knowledge a node loses in a crash is kept: that can only count more voters
 * as heard, so it never raises an alarm.
 *
 * Taking the first arrival at any node, not at a, leaves alone a design that
 * answers a retry from a session cache (the round that first served it came
 * after the first arrival) or a follower that asks the leader for a read
 * index. Not judged: lease mode (a lease is a clock), and systems whose
 * messages are not objects (nothing to attach a vector to).
 *
 * Membership changes: the configuration a confirmation counted need not be
 * the one a holds when it answers (a leader that appended a configuration
 * entry since, a follower whose configuration lags its leader's or was cut
 * back). So an answer whose heard voters are no majority of a's voters passes
 * still if they are a majority of any configuration any node held from the
 * get's arrival on. Each node's configuration is read as the simulator last
 * recorded it (after its previous step) whenever an input reaches it or it
 * sends, while tracking runs: that sees every configuration a node held
 * between two of its steps, short of one made and unmade by a timer tick
 * alone, which no Raft does.
 */

import type { ClientId, ClientRequest, NodeId } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

/** A get's first arrival at any node. */
interface Arrival {
  readonly seq: number;
  readonly at: number;
  readonly node: NodeId;
  /** `pauses` at the arrival: a different count at the answer means tracking paused in between. */
  readonly pauses: number;
  /** The attachments' generation at the arrival. */
  readonly generation: number;
}

/** A configuration a node was seen to hold, from `since` until the next one. */
interface HeldConfiguration {
  readonly since: number;
  readonly voters: readonly NodeId[];
}

/** Attachments per generation: a get open across more than one such span of sends is not judged. */
const GENERATION_SIZE = 8192;

export class ReadAfterArrivalOracle {
  /** Node id -> its slot in every vector (by id: an array slot, read at every send and delivery, is cheaper than a Map). */
  private readonly slotById: (number | undefined)[] = [];
  /** Per slot, the node's vector: per slot, the latest send time it knows of (-1: none). */
  private readonly vectors: number[][] = [];
  /** Per slot, the copy attached to the node's sends since its vector last changed, or null. */
  private readonly shared: (number[] | null)[] = [];
  /** The vector each tracked message carried when sent: this generation's, and the one before. */
  private carried = new Map<object, number[]>();
  private carriedBefore = new Map<object, number[]>();
  /** Generations begun so far. */
  private generation = 0;
  /** Per client, its latest get's first arrival. */
  private readonly arrivals = new Map<ClientId, Arrival>();
  /** Client -> seq of its get delivered and not yet answered: tracking runs while one exists. */
  private readonly open = new Map<ClientId, number>();
  /** Per slot, the configurations the node was seen to hold while tracking ran, oldest first. */
  private readonly held: HeldConfiguration[][] = [];
  /** Per slot, the voters array last read for the node (a node keeps the same array while its configuration stands). */
  private readonly lastRead: (readonly NodeId[] | undefined)[] = [];
  /** How many times tracking paused (no get open). */
  private pauses = 0;
  /** False once a message could not carry a vector. */
  private judging = true;

  /** `configurationOf(node)`: the voters the simulator recorded for the node after its last step. */
  constructor(private readonly configurationOf: (node: NodeId) => readonly NodeId[]) {}

  /** A copy of `request` reached the running node `node`. */
  requestDelivered(node: NodeId, request: ClientRequest, now: number): void {
    if (!this.judging) return;
    const { client, seq } = request;
    const last = this.arrivals.get(client);
    // A late copy of an earlier request (a retry held back in the network): the client has moved on, and
    // an answer to it is not judged (its first arrival is forgotten; taking this one would blame a cached answer).
    if (last !== undefined && seq < last.seq) return;
    if (request.op.op !== 'get') {
      // A client sends its next request only after giving up on or getting the previous one.
      this.close(client);
      return;
    }
    this.open.set(client, seq);
    if (last === undefined || last.seq !== seq) this.arrivals.set(client, { seq, at: now, node, pauses: this.pauses, generation: this.generation });
    this.read(node, now);
  }

  /** An operator's request reached `node`. */
  adminDelivered(node: NodeId, now: number): void {
    if (this.open.size > 0) this.read(node, now);
  }

  sent(from: NodeId, message: unknown, now: number): void {
    if (this.open.size === 0) return;
    if (typeof message !== 'object' || message === null) {
      this.stop();
      return;
    }
    const slot = this.read(from, now);
    const vector = this.vectors[slot] as number[];
    if (vector[slot] !== now) {
      vector[slot] = now;
      this.shared[slot] = null;
    }
    let copy = this.shared[slot] as number[] | null;
    if (copy === null) this.shared[slot] = copy = vector.slice();
    this.carried.set(message, copy);
    if (this.carried.size >= GENERATION_SIZE) {
      this.carriedBefore = this.carried;
      this.carried = new Map();
      this.generation++;
    }
  }

  /** `message` reached the running node `to` (not cut, not down). */
  delivered(to: NodeId, message: unknown, now: number): void {
    if (this.open.size === 0) return;
    const slot = this.read(to, now);
    if (typeof message !== 'object' || message === null) return;
    const copy = this.carried.get(message) ?? this.carriedBefore.get(message);
    if (copy === undefined) return;
    const vector = this.vectors[slot] as number[];
    let changed = false;
    const length = Math.min(copy.length, vector.length);
    for (let k = 0; k < length; k++) {
      if ((copy[k] as number) > (vector[k] as number)) {
        vector[k] = copy[k] as number;
        changed = true;
      }
    }
    if (changed) this.shared[slot] = null;
  }

  /** `node` answers 'ok' to (client, seq); `state` gives its term and voters after the step that answered. */
  answered(now: number, node: NodeId, client: ClientId, seq: number, state: () => { term: number; voters: readonly NodeId[] }): void {
    if (!this.judging) return;
    const arrival = this.arrivals.get(client);
    // Read before the answer closes the get: closing the last open one starts a pause.
    const judged = arrival !== undefined && arrival.seq === seq && arrival.pauses === this.pauses && this.generation - arrival.generation <= 1;
    if (this.open.get(client) === seq) this.close(client);
    if (!judged) return;
    const { term, voters } = state();
    if (voters.length === 0) return;
    const vector = this.vectors[this.slotOf(node)] as number[];
    const heardFrom = (voter: NodeId): boolean => {
      if (voter === node) return true;
      const slot = this.slotById[voter];
      return slot !== undefined && slot < vector.length && (vector[slot] as number) >= arrival.at;
    };
    if (isMajority(voters, heardFrom) || this.heldSince(arrival.at).some((held) => isMajority(held, heardFrom))) return;
    const heard = voters.filter((voter) => voter !== node && heardFrom(voter)).map((voter) => `n${voter}`);
    throw new InvariantViolation(
      'ReadConfirmedAfterArrival',
      node,
      `n${node} answered a get of client c${client} (seq ${seq}) in term ${term} at t=${now}, first received at t=${arrival.at} (by n${arrival.node}); voters heard from since, causally: ${heard.length === 0 ? 'none' : heard.join(', ')} of ${voters.map((voter) => `n${voter}`).join(', ')}${voters.includes(node) ? ` (n${node} counts itself)` : ''}, no majority`,
    );
  }

  private close(client: ClientId): void {
    if (this.open.delete(client) && this.open.size === 0) this.pauses++;
  }

  private stop(): void {
    this.judging = false;
    this.open.clear();
  }

  /** Records the node's configuration if it changed since the last read; returns the node's slot. */
  private read(node: NodeId, now: number): number {
    const slot = this.slotOf(node);
    const voters = this.configurationOf(node);
    if (this.lastRead[slot] === voters) return slot;
    this.lastRead[slot] = voters;
    const list = (this.held[slot] ??= []);
    const last = list.length === 0 ? undefined : list[list.length - 1];
    if (last === undefined || !sameIds(last.voters, voters)) list.push({ since: now, voters });
    return slot;
  }

  /** Every configuration a node was seen to hold at or after `time`, and the one each held when it was last read before. */
  private heldSince(time: number): (readonly NodeId[])[] {
    const found: (readonly NodeId[])[] = [];
    for (const list of this.held) {
      if (list === undefined) continue;
      let first = list.length - 1;
      while (first > 0 && (list[first] as HeldConfiguration).since > time) first--;
      for (let k = Math.max(0, first); k < list.length; k++) found.push((list[k] as HeldConfiguration).voters);
    }
    return found;
  }

  private slotOf(node: NodeId): number {
    const known = this.slotById[node];
    if (known !== undefined) return known;
    const slot = this.vectors.length;
    this.slotById[node] = slot;
    // Vectors as long as the nodes seen: a delivery merges every slot, so a cluster of three merges three.
    for (let k = 0; k < slot; k++) {
      (this.vectors[k] as number[]).push(-1);
      this.shared[k] = null;
    }
    // Plain arrays of small integers (times in ms): copying one at a send is cheaper than a typed array's.
    const vector: number[] = [];
    for (let k = 0; k <= slot; k++) vector.push(-1);
    this.vectors.push(vector);
    this.shared.push(null);
    return slot;
  }
}

/** More than half of `voters` pass `heard` (an empty configuration has no majority). */
function isMajority(voters: readonly NodeId[], heard: (voter: NodeId) => boolean): boolean {
  let count = 0;
  for (const voter of voters) if (heard(voter)) count++;
  return count * 2 > voters.length;
}

function sameIds(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  if (a.length !== b.length) return false;
  for (const id of a) if (!b.includes(id)) return false;
  return true;
}
