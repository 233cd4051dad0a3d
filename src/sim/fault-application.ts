/**
 * The plan's faults applied to the world: crashes (at once, inside an fsync,
 * or aimed at a step), restarts, partitions and leader isolations, loss
 * bursts and reorder storms, pauses, clock drift, storage faults, membership
 * events and the operator's leadership transfers. Faults that wait for a
 * moment of the protocol are armed in waiting-strikes.ts.
 */

import type { AdminOutcome, NodeId } from '../harness/api.js';
import { unreachable } from '../util/assert.js';
import { mark } from '../util/marks.js';
import { AIMED_CRASH_WAIT_MS } from './crash-points.js';
import { endsDeposition } from './deposition-guard.js';
import { depositionRoomMs } from './leader-depositions.js';
import { isolationOf, oneLinkCut, LEADER_ISOLATION_TAG, type CrashLeaderFault, type IsolateLeaderFault } from './leader-faults.js';
import { OUTAGE_WAIT_MS } from './leader-outages.js';
import { describePartition, type LossRates, type Partition } from './network.js';
import type { NodeHost } from './node-host.js';
import { describeFault, DURING_FSYNC_WAIT_MS, type FaultEvent } from './plan.js';
import type { Simulation } from './simulation.js';
import { applyStorageFault } from './storage-faults.js';
import { WaitingFault } from './waiting-fault.js';
import { termCommitted } from './waiting-strikes.js';

export class FaultApplication {
  /** Admin request id -> target of each leadership transfer sent, until answered. */
  readonly transfers = new Map<number, NodeId>();
  private nextAdminId = 1;
  /** The kind of the partition in force (null: none), for the asymmetric-election mark. */
  partitionKind: Partition['kind'] | null = null;
  /** The leader isolation in force (null: none, or a plan's partition replaced it). */
  private isolation: Partition | null = null;
  /** The nodes a leader outage keeps cut off from every peer now, and until when (a later outage of the same node extends it). */
  private readonly severed = new Map<NodeId, number>();
  /** A leader outage that found no leader, waiting for the next winner. */
  private readonly waitingOutage = new WaitingFault<IsolateLeaderFault>(OUTAGE_WAIT_MS);
  /** The leader a deposition in force cut off, and until when the faults that would end it are skipped (deposition-guard.ts). */
  private deposed: { node: NodeId; until: number } | null = null;
  private burstToken = 0;
  /** Per node, the latest drift burst: only its own end restores the clock's rate. */
  private readonly driftTokens = new Map<NodeId, number>();
  private reorderToken = 0;

  constructor(private readonly sim: Simulation) {}

  /** A fresh id for an operator's request (transfers and membership requests share the numbering). */
  newAdminId(): number {
    return this.nextAdminId++;
  }

  apply(fault: FaultEvent): void {
    const sim = this.sim;
    const now = sim.now;
    if (this.deposed !== null && now < this.deposed.until && endsDeposition(fault, this.deposed.node)) return;
    switch (fault.kind) {
      case 'crash': {
        const host = sim.host(fault.node);
        if (host.node === null) return;
        if (fault.aim !== undefined) {
          const aim = fault.aim;
          for (const armed of aim.anyNode === true ? sim.hosts.values() : [host]) if (armed.node !== null) armed.aim = aim;
          sim.queue.push(now + AIMED_CRASH_WAIT_MS, { kind: 'crash', node: host.id, incarnation: host.incarnation, aim });
          return;
        }
        if (!fault.duringFsync || host.blocked) {
          sim.nodes.crash(host);
          return;
        }
        host.fsyncCrash = { skip: fault.skipFsyncs ?? 0 };
        sim.queue.push(now + DURING_FSYNC_WAIT_MS, { kind: 'crash', node: host.id, incarnation: host.incarnation });
        return;
      }
      case 'restart':
        sim.nodes.restart(sim.host(fault.node));
        return;
      case 'partition':
        this.setPartition(fault.partition);
        sim.counts.partitions++;
        mark(`sim.partition-${fault.partition.kind}`);
        sim.trace.record(now, 'partition', -1, -1, fault.partition.kind, () => describePartition(fault.partition));
        return;
      case 'heal':
        this.heal();
        return;
      case 'pause': {
        const host = sim.host(fault.node);
        if (host.node === null) return; // a down node cannot pause
        sim.nodes.pause(host, fault.durationMs);
        return;
      }
      case 'transfer-leadership':
        this.requestTransfer(fault.to, true);
        return;
      case 'burst':
        sim.counts.bursts++;
        this.startBurst({ drop: fault.drop, duplicate: fault.duplicate }, fault.durationMs);
        sim.trace.record(now, 'burst', -1, -1, 'burst', () => describeFault(fault));
        return;
      case 'add-node':
      case 'remove-node':
        sim.membership.onPlanEvent(now, fault);
        return;
      case 'storage': {
        if (!sim.damage.allowsStrike(fault.node)) {
          mark('sim.storage-fault-skipped');
          sim.trace.record(now, 'log', fault.node, -1, 'log', () => `storage fault skipped: the struck nodes would be no minority of a configuration`);
          return;
        }
        const done = applyStorageFault(sim.host(fault.node).disk, fault.fault);
        if (done === null) return;
        sim.damage.struckSinceStart.add(fault.node);
        sim.damage.everStruck.add(fault.node);
        sim.counts.storageFaults[fault.fault.kind]++;
        sim.trace.record(now, 'storage', fault.node, -1, fault.fault.kind, () => done);
        return;
      }
      case 'clock-drift': {
        // A clock runs whether or not its node is up.
        const token = this.nextDriftToken(fault.node);
        sim.counts.clockDrifts++;
        mark('sim.clock-drift-burst');
        sim.host(fault.node).clock.setRate(now, fault.rate);
        sim.queue.push(now + fault.durationMs, { kind: 'clock-drift-end', node: fault.node, token });
        sim.trace.record(now, 'clock-drift', fault.node, -1, 'clock-drift', () => describeFault(fault));
        return;
      }
      case 'reorder':
        sim.counts.reorderStorms++;
        this.startReorder({ rate: fault.rate, maxMs: fault.maxMs }, fault.durationMs);
        sim.trace.record(now, 'burst', -1, -1, 'reorder', () => describeFault(fault));
        return;
      case 'transition-fault':
        sim.strikes.transitions.arm(fault, now);
        return;
      case 'election-storm':
        sim.strikes.electionStorms.arm(fault, now);
        return;
      case 'rejoin-fault':
        sim.strikes.rejoins.arm(fault, now);
        return;
      case 'pause-voter':
        sim.strikes.voterPause.arm(fault.durationMs, now);
        return;
      case 'isolate-leader':
        if (fault.outage === true) this.startOutage(fault);
        else sim.strikes.leaderFault(fault);
        return;
      case 'crash-leader':
      case 'pause-leader':
        sim.strikes.leaderFault(fault);
        return;
      default:
        unreachable(fault);
    }
  }

  /** A plan's heal, or the end of a leader isolation still in force. */
  private heal(): void {
    this.setPartition(null);
    this.sim.trace.record(this.sim.now, 'heal', -1, -1, 'heal');
    this.sim.strikes.nodeRejoined();
  }

  /** Loss at `rates` for `durationMs` (a later burst replaces it, and only the latest one's end stops it). */
  startBurst(rates: LossRates, durationMs: number): void {
    this.burstToken++;
    this.sim.network.setBurst(rates);
    this.sim.queue.push(this.sim.now + durationMs, { kind: 'burst-end', token: this.burstToken });
  }

  burstEnded(token: number): void {
    if (token === this.burstToken) this.sim.network.setBurst(null);
  }

  /** A reorder storm for `durationMs` (the latest one's end stops it). */
  startReorder(reorder: { rate: number; maxMs: number }, durationMs: number): void {
    this.reorderToken++;
    this.sim.network.setReorder(reorder);
    this.sim.queue.push(this.sim.now + durationMs, { kind: 'reorder-end', token: this.reorderToken });
  }

  reorderEnded(token: number): void {
    if (token === this.reorderToken) this.sim.network.setReorder(null);
  }

  driftEnded(node: NodeId, token: number): void {
    if (token !== this.driftTokens.get(node)) return;
    const clock = this.sim.host(node).clock;
    clock.setRate(this.sim.now, clock.baseRate);
  }

  /** An isolation's end: it heals, or (a deposition's one-way opening, deposition-shapes.ts) closes into `next`. */
  isolationEnded(partition: Partition, next?: Partition): void {
    if (partition !== this.isolation) return;
    if (next === undefined) {
      this.heal();
      return;
    }
    // Not setPartition: the deposition in force stays kept whole (deposition-guard.ts).
    this.sim.network.setPartition(next);
    this.partitionKind = next.kind;
    this.isolation = next;
    this.sim.trace.record(this.sim.now, 'partition', -1, -1, LEADER_ISOLATION_TAG, () => `the cut closes: ${describePartition(next)}`);
    this.sim.topologyChanged();
  }

  /**
   * A leader outage strikes the leader if its term has committed (it has heard a majority in its term), or waits
   * for the next leader to commit in its term (leader-outages.ts).
   */
  private startOutage(fault: IsolateLeaderFault): void {
    const leader = this.sim.currentLeader();
    if (leader !== null && termCommitted(leader.view())) this.isolate(leader, fault);
    else this.waitingOutage.arm(fault, this.sim.now);
  }

  get outageWaits(): boolean {
    return this.waitingOutage.armed;
  }

  /** `host`, leading, just committed an entry of its term (inside that step): a waiting outage cuts it off. */
  strikeOutage(host: NodeHost): void {
    const fault = this.waitingOutage.take(this.sim.now);
    if (fault !== null && this.sim.phase === 'safety' && host === this.sim.currentLeader()) this.isolate(host, fault);
  }

  /** A leader outage ends: the node's links work again, under whatever partition is in force now. */
  outageEnded(node: NodeId): void {
    const until = this.severed.get(node);
    if (until === undefined || until > this.sim.now) return;
    this.severed.delete(node);
    this.sim.network.reconnect(node);
    this.sim.trace.record(this.sim.now, 'log', node, -1, 'outage-end', () => `n${node}'s links work again`);
    this.sim.strikes.nodeRejoined();
  }

  /** The liveness phase: every partition heals, and the bursts in force end. */
  endAll(): void {
    this.setPartition(null);
    this.sim.network.reconnectAll();
    this.severed.clear();
    this.sim.network.stopLoss();
    this.sim.topologyChanged();
    this.burstToken++;
  }

  private nextDriftToken(node: NodeId): number {
    const token = (this.driftTokens.get(node) ?? 0) + 1;
    this.driftTokens.set(node, token);
    return token;
  }

  /** An operator's leadership transfer goes to the node the simulator sees leading (the newest term's), if any. */
  requestTransfer(to: NodeId, mayWait: boolean): void {
    const sim = this.sim;
    const now = sim.now;
    const leader = sim.currentLeader();
    const waitingTransfer = sim.strikes.waitingTransfer;
    if (leader === null) {
      if (mayWait && !waitingTransfer.waiting(now)) {
        waitingTransfer.arm(to, now);
        sim.trace.record(now, 'log', -1, -1, 'transfer', () => `transfer leadership to n${to}: no node leads, waits for the next winner`);
        return;
      }
      sim.counts.transfersSkipped++;
      sim.trace.record(now, 'log', -1, -1, 'transfer', () => `transfer leadership to n${to} skipped: no node leads`);
      return;
    }
    const id = this.newAdminId();
    this.transfers.set(id, to);
    sim.counts.transfersRequested++;
    sim.judges.availability.transferRequested(now, to);
    sim.trace.record(now, 'log', leader.id, -1, 'transfer', () => `admin #${id}: transfer leadership from n${leader.id} to n${to}`);
    sim.strikes.transitions.transferRequested(leader.id, leader.term, to, now);
    leader.input({ kind: 'admin', id, request: { kind: 'transfer-leadership', to } }, 'admin');
  }

  /** A transfer's answer: the simulation's own bookkeeping (every other admin answer travels back to the operator). */
  transferAnswered(node: NodeId, id: number, outcome: AdminOutcome): void {
    const sim = this.sim;
    const to = this.transfers.get(id);
    if (to !== undefined) {
      this.transfers.delete(id);
      sim.judges.transferProposals?.transferAnswered(id);
      sim.judges.transferTimeout?.transferAnswered(id);
      if (this.transfers.size === 0) sim.strikes.transitions.transferEnded();
      // 'ok' from the target itself: it already led, and no election follows.
      const handedOver = outcome === 'ok' && node !== to;
      if (handedOver) sim.counts.transfersCompleted++;
      else sim.judges.availability.transferEnded();
    }
    sim.trace.record(sim.now, 'log', node, -1, 'log', () => `admin #${id}: ${outcome}`);
  }

  /** A plan's partition (or heal) replaces whatever is in force, a leader isolation too. */
  private setPartition(partition: Partition | null): void {
    if (this.severed.size > 0) mark('sim.leader-outage-outlived-partition');
    this.sim.network.setPartition(partition);
    this.partitionKind = partition?.kind ?? null;
    this.isolation = null;
    this.deposed = null;
  }

  pauseLeader(host: NodeHost, durationMs: number): void {
    this.sim.counts.leaderPauses++;
    this.sim.nodes.pause(host, durationMs);
  }

  crashLeader(leader: NodeHost, fault: CrashLeaderFault): void {
    const sim = this.sim;
    if (!sim.nodes.mayCrashAnother()) return;
    sim.counts.leaderCrashes++;
    sim.nodes.crash(leader);
    this.restartLater(leader.id, fault.restartAfterMs);
  }

  /** A crash that brings its own restart: `afterMs` from now, unless that is past the safety phase (which restarts every node). */
  restartLater(node: NodeId, afterMs: number): void {
    const sim = this.sim;
    const restartAt = sim.now + afterMs;
    if (restartAt < sim.plan.config.safetyMs) sim.queue.push(restartAt, { kind: 'fault', fault: { at: restartAt, kind: 'restart', node } });
  }

  /**
   * Cuts `host` off from every peer for the fault's duration. Called inside a
   * step too (the winner's): its messages of that step are judged at delivery,
   * so none arrive. The availability oracle hears of the new topology at once.
   */
  isolate(host: NodeHost, fault: IsolateLeaderFault, partners: readonly NodeId[] = []): void {
    const sim = this.sim;
    const now = sim.now;
    const partition = (fault.oneLink === undefined ? null : oneLinkCut(host.id, sim.liveIds, fault.oneLink)) ?? isolationOf(host.id, sim.liveIds, partners);
    const opening = lateOpening(fault, partition);
    if (fault.outage === true) {
      // Its own links fail: the plan's partitions keep coming and going around it (leader-faults.ts).
      sim.network.sever(host.id);
      this.severed.set(host.id, Math.max(this.severed.get(host.id) ?? 0, now + fault.durationMs));
      sim.queue.push(now + fault.durationMs, { kind: 'outage-end', node: host.id });
    } else if (opening !== null) {
      // Late answers (deposition-shapes.ts): first only the leader's own messages are lost, then every link.
      this.setPartition(opening.partition);
      this.isolation = opening.partition;
      sim.queue.push(now + opening.ms, { kind: 'isolation-end', partition: opening.partition, next: partition });
      sim.queue.push(now + fault.durationMs, { kind: 'isolation-end', partition });
    } else {
      this.setPartition(partition);
      this.isolation = partition;
      sim.queue.push(now + fault.durationMs, { kind: 'isolation-end', partition });
    }
    sim.counts.leaderIsolations++;
    mark('sim.leader-isolated');
    if (host.lastIndex > host.commitIndex) mark('sim.leader-isolated-with-uncommitted-entries');
    if (fault.clockSkew !== undefined) this.skewClocks(host.id, fault.clockSkew, fault.durationMs);
    if (fault.established === true) {
      this.deposed = { node: host.id, until: now + depositionRoomMs(sim.plan.config) };
      sim.stickyReader?.watch(now, host.id, now + fault.durationMs);
    }
    // A paused deposition (deposition-shapes.ts): frozen from the cut, inside this step if struck in one.
    if (fault.pauseMs !== undefined && !host.paused) this.pauseLeader(host, fault.pauseMs);
    sim.trace.record(now, 'partition', -1, -1, LEADER_ISOLATION_TAG, () => `isolate leader n${host.id} (term ${host.term}) for ${fault.durationMs}ms: ${describePartition(opening?.partition ?? partition)}${fault.outage === true ? ' (its own links fail)' : ''}`);
    // Half the clients reconnect to the majority side (and follow its redirects to the new leader); the
    // others stay with the old leader, so that reads it should no longer serve meet writes it missed.
    const majority = sim.liveIds.filter((id) => id !== host.id && !partners.includes(id));
    sim.clients.forEach((client, index) => {
      if (index % 2 === 1 && majority.length > 0) client.steerTo?.(majority[index % majority.length] as NodeId);
    });
    sim.topologyChanged();
  }

  /** A deposition's clocks (leader-depositions.ts): the cut-off node's runs slow, every other fast, for `durationMs`. */
  private skewClocks(slow: NodeId, skew: number, durationMs: number): void {
    const sim = this.sim;
    mark('sim.deposed-leader-clock-slow');
    for (const host of sim.hosts.values()) {
      const token = this.nextDriftToken(host.id);
      host.clock.setRate(sim.now, host.id === slow ? 1 - skew : 1 + skew);
      sim.queue.push(sim.now + durationMs, { kind: 'clock-drift-end', node: host.id, token });
    }
  }
}

/** A deposition's one-way opening (deposition-shapes.ts: late answers): the leader's own messages lost, for `ms`. */
function lateOpening(fault: IsolateLeaderFault, partition: Partition): { partition: Partition; ms: number } | null {
  if (fault.lateMs === undefined || fault.lateMs >= fault.durationMs || partition.kind !== 'symmetric') return null;
  return { partition: { kind: 'one-way', from: partition.sides[0], to: partition.sides[1] }, ms: fault.lateMs };
}
