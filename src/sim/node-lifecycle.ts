/**
 * The lives of the run's nodes: hosts made, started (at the run's start, as
 * added nodes, after a crash), crashed, paused and resumed, retired; and the
 * ghost recoveries the oracles ask for (a start from what a crash now would
 * leave, judged and thrown away).
 */

import type { NodeId, NodeView } from '../harness/api.js';
import { mark } from '../util/marks.js';
import { NodeClock } from './clocks.js';
import type { CrashAim } from './crash-points.js';
import { NodeHost, type HostEnvironment, type StartOptions } from './node-host.js';
import type { Simulation } from './simulation.js';

export class NodeLifecycle {
  /** Nodes that installed a peer's snapshot since they last started, for the crash-after-install mark. */
  readonly installedSinceStart = new Set<NodeId>();
  /** Aimed crashes that have landed (an aim at any node strikes only once). */
  readonly struckAims = new Set<CrashAim>();
  private readonly fsyncMs: { min: number; max: number };
  private readonly startOptions: StartOptions;

  constructor(
    private readonly sim: Simulation,
    private readonly hostEnvironment: HostEnvironment,
  ) {
    const config = sim.plan.config;
    this.fsyncMs = { min: config.faults.fsyncMinMs, max: config.faults.fsyncMaxMs };
    this.startOptions = {
      factory: sim.system.factory,
      cluster: sim.cluster,
      snapshotEvery: config.snapshotEvery,
      bugs: new Set(config.bugs),
      tuning: config.tuning,
      selfChecks: config.selfChecks !== false,
      features: config.features,
      maxClockDrift: config.clocks.maxDrift,
    };
  }

  /** A host for node `id`, not started. */
  addHost(id: NodeId): NodeHost {
    const sim = this.sim;
    // A node added later (an id beyond the drawn clocks) gets a true clock.
    const clocks = sim.plan.config.clocks;
    const clock = new NodeClock(clocks.rates[id - 1] ?? 1, clocks.offsetsMs[id - 1] ?? 0);
    const host = new NodeHost(id, sim.streams.get(`timers/n${id}`), sim.streams.get('disk'), this.fsyncMs, this.hostEnvironment, clock);
    host.configuration = sim.cluster;
    sim.addHost(host);
    return host;
  }

  start(host: NodeHost): void {
    host.start(this.startOptions);
    this.sim.observer.started(host);
    host.scheduleFirstTick(this.sim.plan.config.tickMs);
  }

  /** An add-node event: a new node starts empty, outside the configuration, and learns it from the leader. */
  startAdded(id: NodeId): void {
    const sim = this.sim;
    if (sim.hosts.has(id)) return;
    const host = this.addHost(id);
    sim.liveIds.push(id);
    sim.network.addNode(id);
    this.start(host);
    sim.trace.record(sim.now, 'restart', id, -1, 'start', () => `new node n${id} started (empty, not yet a member)`);
    sim.topologyChanged();
  }

  /** A removed node's removal committed: stop it for good. */
  retire(id: NodeId): void {
    const sim = this.sim;
    const host = sim.hosts.get(id);
    if (host === undefined || host.retired) return;
    if (host.node !== null) host.crash(0);
    host.retired = true;
    sim.liveIds.splice(sim.liveIds.indexOf(id), 1);
    sim.trace.record(sim.now, 'crash', id, -1, 'removed', () => `n${id} removed from the cluster and stopped`);
    sim.topologyChanged();
  }

  /** A ghost recovery of `node` (oracles/ghost-recovery.ts), unless a storage fault decides what a crash now would leave. */
  recoverGhost(node: NodeId, judge: (view: NodeView) => void): boolean {
    if (this.sim.damage.struckSinceStart.has(node)) return false;
    const host = this.sim.host(node);
    const image = host.disk.crashImage();
    if (image === null) return false;
    host.ghost(this.startOptions, image, judge);
    return true;
  }

  crash(host: NodeHost): void {
    if (host.node === null) return; // already down (an edited plan may say so)
    const sim = this.sim;
    sim.counts.crashes++;
    if (host.blocked) mark('sim.crash-during-fsync');
    if (host.role === 'leader') {
      mark('sim.crash-of-leader');
      const view = host.view();
      if (view.lastIndex > view.commitIndex) mark('sim.crash-of-leader-with-uncommitted-entries');
    }
    if (this.installedSinceStart.delete(host.id)) mark('sim.crash-after-snapshot-install');
    if (sim.membership.operator.pending > 0) mark('sim.crash-during-membership-change');
    const losses = host.crash(sim.plan.config.faults.tornWriteRate);
    // A lost write armed while the node was down fires in its next incarnation: the crash that zeroes its
    // bytes is the one whose restart may lose promises, whenever the fault was armed (promise-voiding.ts).
    if (host.disk.lastCrashZeroedLostWrite) sim.damage.struckSinceStart.add(host.id);
    const torn = losses.filter((loss) => loss.keptBytes > 0);
    sim.counts.tornWrites += torn.length;
    if (torn.length > 0) mark('sim.torn-write');
    sim.trace.record(sim.now, 'crash', host.id, -1, 'crash', () => {
      const lost = losses.map((loss) => `${loss.file}: lost ${loss.lostBytes}B${loss.keptBytes > 0 ? `, torn ${loss.keptBytes}B kept` : ''}`);
      return `crash (${host.role}, term ${host.term})${lost.length > 0 ? `; ${lost.join('; ')}` : '; nothing unsynced'}`;
    });
  }

  /**
   * An aimed crash lands (at its step, or when it stops waiting): once, on one
   * node, and brings its own restart, timed from the moment it landed.
   */
  strike(host: NodeHost, aim: CrashAim): void {
    this.struckAims.add(aim);
    for (const armed of this.sim.hosts.values()) if (armed.aim === aim) armed.aim = null;
    this.crash(host);
    if (aim.restartAfterMs !== undefined) this.sim.faults.restartLater(host.id, aim.restartAfterMs);
  }

  /** The fault mix's maxDown bounds leader crashes too. */
  mayCrashAnother(): boolean {
    let down = 0;
    for (const host of this.sim.hosts.values()) if (host.node === null) down++;
    return down < this.sim.plan.config.faults.maxDown;
  }

  /** Freezes `host` (a GC pause, SIGSTOP) for `durationMs`. */
  pause(host: NodeHost, durationMs: number): void {
    const sim = this.sim;
    sim.counts.pauses++;
    mark('sim.pause');
    if (host.role === 'leader') mark('sim.pause-of-leader');
    const token = host.pause();
    sim.queue.push(sim.now + durationMs, { kind: 'resume', node: host.id, incarnation: host.incarnation, token });
    sim.trace.record(sim.now, 'pause', host.id, -1, 'pause', () => `pause for ${durationMs}ms (${host.role}, term ${host.term})`);
    // Inside a step too (a winner's): the availability oracle hears of the frozen node at once.
    sim.topologyChanged();
  }

  resume(host: NodeHost): void {
    const sim = this.sim;
    sim.trace.record(sim.now, 'resume', host.id, -1, 'resume');
    // The oracles see the node running before it answers what queued up: a fault aimed at one of those
    // steps may freeze it again in the same ms, yet the leader did hear its answers (seed 6638).
    host.resume(() => sim.topologyChanged());
  }

  restart(host: NodeHost): void {
    if (host.node !== null || host.retired) return; // running (an edited plan may say so), or removed for good
    const sim = this.sim;
    sim.counts.restarts++;
    if (host.tornOnDisk) {
      sim.counts.tornRestarts++;
      mark('sim.torn-restart');
    }
    host.tornOnDisk = false;
    this.start(host);
    sim.trace.record(sim.now, 'restart', host.id, -1, 'restart', () => `restart as ${host.role} in term ${host.term}, commit ${host.commitIndex}, snapshot ${host.snapshotIndex}`);
    sim.strikes.nodeRejoined();
  }
}
