/**
 * Traffic through the network: peer messages (sent, dropped, duplicated,
 * cut by a partition, delivered), client requests and replies, and the
 * operator's admin requests and replies. Client and operator traffic is
 * delayed and may be lost but is never partitioned or duplicated.
 */

import type { AdminOutcome, AdminRequest, ClientRequest, ClientResponse, NodeId } from '../harness/api.js';
import { mark } from '../util/marks.js';
import type { RunClient } from './client.js';
import { InvariantViolation } from './invariants.js';
import { NodeFault } from './node-host.js';
import type { Simulation } from './simulation.js';
import { SnapshotEchoes } from './snapshot-echoes.js';
import { STICKY_PROCESS_BASE } from './sticky-reader.js';
import { WINNER_READER_PROCESS } from './winner-reader.js';
import { messageDetail } from './trace-details.js';
import { VoteReplays } from './vote-replays.js';

export class MessageRouting {
  /** Each client process's latest request seq: only the latest one is owed an answer. */
  private readonly latestRequest = new Map<number, number>();
  /** Vote replies a retransmitting transport hands to later candidacies during election storms (vote-replays.ts). */
  readonly voteReplays = new VoteReplays();
  private echoes: SnapshotEchoes | undefined;
  /** answererState's readers, by node id. */
  private readonly answerers: (() => { term: number; voters: readonly NodeId[] })[] = [];

  constructor(private readonly sim: Simulation) {}

  sendMessage(from: NodeId, to: NodeId, message: unknown): void {
    const sim = this.sim;
    const judges = sim.judges;
    const now = sim.now;
    if (!sim.hasHost(to) || to === from) throw new NodeFault(from, `n${from} sends to invalid node ${to}`);
    judges.promises.sent(from, to, message);
    judges.electionTimer?.sent(from, message);
    judges.leaderHeartbeat?.sent(from, to);
    judges.preVoteGrant?.sent(from, message);
    judges.voteGrant?.sent(from, to, message);
    judges.transferElection?.sent(from, message);
    if (judges.provenVoters.sent(from, message)) sim.topologyChanged();
    judges.readConfirmation?.termSent(from, judges.promises.sentTermOf(from), now);
    judges.readAfterArrival?.sent(from, message, now);
    const factory = sim.system.factory;
    const tag = factory.messageKind(message);
    const counts = sim.counts;
    const trace = sim.trace;
    counts.sent++;
    // node = sender, peer = receiver (the reverse of deliver), so a report can pair each send with its fate.
    // The hottest trace events: no detail closure per message unless details are kept.
    if (trace.describes) trace.record(now, 'send', from, to, tag, messageDetail(factory, from, to, message));
    else trace.record(now, 'send', from, to, tag);
    this.voteReplays.sent(from, to, message, tag);
    sim.leaderReplies.sent(from, to, message, tag);
    const network = sim.network;
    const copies = network.peerCopies();
    if (copies === 0) {
      counts.dropped++;
      trace.record(now, 'drop', to, from, tag, trace.describes ? messageDetail(factory, from, to, message) : undefined);
      return;
    }
    const firstDelay = network.firstDelay;
    if (copies === 2) {
      counts.duplicated++;
      mark('sim.message-duplicated');
      trace.record(now, 'duplicate', to, from, tag, trace.describes ? messageDetail(factory, from, to, message) : undefined);
    }
    sim.queue.push(now + firstDelay, { kind: 'message', from, to, message, tag });
    if (copies === 2) sim.queue.push(now + network.secondDelay, { kind: 'message', from, to, message, tag });
    const echo = sim.phase === 'safety' ? this.snapshotEchoes().echoDelay(tag) : null;
    if (echo !== null) {
      counts.duplicated++;
      trace.record(now, 'duplicate', to, from, `${tag} (echo)`, trace.describes ? messageDetail(factory, from, to, message) : undefined);
      sim.queue.push(now + firstDelay + echo, { kind: 'message', from, to, message, tag });
    }
  }

  /** Made on first use: the simulation's streams do not exist yet when it constructs its routing. */
  private snapshotEchoes(): SnapshotEchoes {
    return (this.echoes ??= new SnapshotEchoes(this.sim.plan.config, this.sim.streams.get('snapshot-echoes')));
  }

  /** `candidate` just stood during an election storm: the vote replies it was sent before arrive again. */
  replayVoteReplies(candidate: NodeId): void {
    const sim = this.sim;
    if (!this.voteReplays.isOpen(sim.now)) return;
    for (const { from, message, tag } of this.voteReplays.take(candidate)) {
      for (const delay of sim.network.peerDelays()) {
        sim.counts.duplicated++;
        mark('sim.vote-reply-replayed');
        sim.trace.record(sim.now, 'duplicate', candidate, from, tag, messageDetail(sim.system.factory, from, candidate, message));
        sim.queue.push(sim.now + delay, { kind: 'message', from, to: candidate, message, tag });
      }
    }
  }

  deliverMessage(from: NodeId, to: NodeId, message: unknown, tag: string): void {
    const sim = this.sim;
    const now = sim.now;
    const host = sim.host(to);
    const trace = sim.trace;
    const describe = trace.describes ? messageDetail(sim.system.factory, from, to, message) : undefined;
    if (sim.network.isCut(from, to)) {
      sim.counts.cut++;
      trace.record(now, 'drop', to, from, `${tag} (partition)`, describe);
      return;
    }
    if (host.node === null) {
      trace.record(now, 'drop', to, from, `${tag} (down)`, describe);
      return;
    }
    sim.counts.delivered++;
    sim.judges.checkQuorum?.heard(to, now);
    sim.judges.readAfterArrival?.delivered(to, message, now);
    trace.record(now, 'deliver', to, from, tag, describe);
    host.input({ kind: 'message', from, message }, tag);
  }

  sendRequest(node: NodeId, request: ClientRequest): void {
    const sim = this.sim;
    sim.counts.clientSent++;
    this.latestRequest.set(request.client, request.seq);
    sim.judges.readConfirmation?.requestSent(sim.now, request);
    const delay = sim.network.clientDelay();
    if (delay === null) {
      sim.counts.clientDropped++;
      return;
    }
    sim.queue.push(sim.now + delay, { kind: 'request', node, request });
  }

  deliverRequest(node: NodeId, request: ClientRequest): void {
    const sim = this.sim;
    const host = sim.host(node);
    if (host.node === null) return; // lost: the client will time out
    const { client, seq } = request;
    sim.judges.availability.requestDelivered(sim.now, host.id, client, seq, this.latestRequest.get(client) === seq);
    sim.judges.readConfirmation?.requestDelivered(sim.now, request);
    sim.judges.readAfterArrival?.requestDelivered(host.id, request, sim.now);
    host.input({ kind: 'client-request', request }, 'request');
  }

  sendReply(from: NodeId, processId: number, response: ClientResponse): void {
    const sim = this.sim;
    const judges = sim.judges;
    if (!Number.isSafeInteger(processId) || processId < 0) throw new NodeFault(from, `n${from} replies to invalid client ${processId}`);
    if (response.kind === 'ok') {
      judges.availability.answered(sim.now, processId, response.seq);
      judges.readConfirmation?.answered(sim.now, from, processId, response.seq, this.answererState(from));
      judges.readAfterArrival?.answered(sim.now, from, processId, response.seq, this.answererState(from));
    }
    judges.transferProposals?.replied(from, processId, response.seq, response.kind === 'ok');
    sim.counts.clientSent++;
    const delay = sim.network.clientDelay();
    if (delay === null) {
      sim.counts.clientDropped++;
      return;
    }
    sim.queue.push(sim.now + delay, { kind: 'reply', from, processId, response });
  }

  deliverReply(from: NodeId, processId: number, response: ClientResponse): void {
    const sim = this.sim;
    const client = (processId > STICKY_PROCESS_BASE ? sim.winnerReaders[processId - WINNER_READER_PROCESS] : processId >= STICKY_PROCESS_BASE ? sim.stickyReader : sim.clients[processId % sim.plan.config.clients]) as RunClient;
    const problem = client.replyProblem(processId, response);
    if (problem !== null) {
      throw new InvariantViolation('MalformedReply', from, `n${from} answered client c${processId}: ${problem}`);
    }
    const ack = client.onReply(sim.now, processId, response);
    if (ack !== null) sim.judges.invariants.acknowledged(ack.client, ack.seq, from);
  }

  /**
   * Reads the answering node's term and voters when asked (a closure of its own: sendReply needs no context per call),
   * made once per node: every ok answer hands one to the read-confirmation oracle.
   */
  private answererState(from: NodeId): () => { term: number; voters: readonly NodeId[] } {
    let state = this.answerers[from];
    if (state === undefined) {
      state = this.newAnswerer(from);
      this.answerers[from] = state;
    }
    return state;
  }

  /** answererState's reader for `from`, made in a method of its own: the context it captures exists only here. */
  private newAnswerer(from: NodeId): () => { term: number; voters: readonly NodeId[] } {
    return () => {
      const view = this.sim.host(from).view();
      return { term: view.term, voters: view.configuration?.() ?? this.sim.cluster };
    };
  }

  /** Operator traffic travels like client traffic: delayed, maybe dropped, never partitioned. */
  sendAdminRequest(node: NodeId, id: number, request: AdminRequest): void {
    const sim = this.sim;
    sim.judges.adminOk.asked(id, request);
    const delay = sim.network.clientDelay();
    if (delay !== null) sim.queue.push(sim.now + delay, { kind: 'admin-request', node, id, request });
  }

  deliverAdminRequest(node: NodeId, id: number, request: AdminRequest): void {
    const host = this.sim.host(node);
    if (host.node === null) return; // lost: the operator will time out
    this.sim.judges.readAfterArrival?.adminDelivered(node, this.sim.now);
    host.input({ kind: 'admin', id, request }, 'admin');
  }

  sendAdminReply(from: NodeId, id: number, outcome: AdminOutcome, leaderHint: NodeId | null): void {
    const sim = this.sim;
    sim.judges.adminOk.replied(from, id, outcome, sim.host(from).view());
    sim.trace.record(sim.now, 'log', from, -1, 'admin', () => `admin #${id}: ${outcome}${leaderHint === null ? '' : ` (leader n${leaderHint})`}`);
    const delay = sim.network.clientDelay();
    if (delay !== null) sim.queue.push(sim.now + delay, { kind: 'admin-reply', from, id, outcome, leaderHint });
  }
}
