/**
 * The cluster timeline's lanes from the simulator's trace: role and term
 * (`role`, `crash`, `restart` events), commit index (`commit`), snapshots
 * taken and installed (`snapshot`), crashes, restarts, torn writes and
 * configuration changes (`log` events tagged `configuration`).
 *
 * Terms come from the events' detail text ("follower -> candidate in term 3",
 * "restart as follower in term 3, ..."), the only place the trace states
 * them. The simulator records a `role` event on every role or term change,
 * so each segment's term is exact.
 */

import type { TraceEvent } from '../sim/index.js';
import { roleSegments, thinChangePoints, type RoleSample } from './change-points.js';
import type { LaneRole, NodeEvent, NodeLane } from './report-data.js';

/** Commit points kept per lane: about one per pixel of a wide screen. */
export const MAX_COMMIT_POINTS = 2000;

const ROLES: ReadonlySet<string> = new Set(['follower', 'candidate', 'leader']);

/** The node's own clock reading beside the true time (src/sim/clocks.ts), when the trace has it. */
function withNodeClock(event: TraceEvent, detail: string): string {
  return event.nodeTime === undefined ? detail : `${detail} (n${event.node}'s clock: ${event.nodeTime}ms)`;
}

function termIn(detail: string): number | null {
  const match = /\bterm (\d+)/.exec(detail);
  return match === null ? null : Number(match[1]);
}

function numberAfter(label: string, detail: string): number | null {
  const match = new RegExp(`\\b${label} (\\d+)`).exec(detail);
  return match === null ? null : Number(match[1]);
}

export function lanesFromTrace(events: readonly TraceEvent[], nodes: readonly number[], start: number, end: number): NodeLane[] {
  const samples = new Map<number, RoleSample[]>(nodes.map((node) => [node, [{ time: start, role: 'follower', term: 0 }]]));
  const commits = new Map<number, Array<[number, number]>>(nodes.map((node) => [node, [[start, 0]]]));
  const nodeEvents = new Map<number, NodeEvent[]>(nodes.map((node) => [node, []]));
  const current = new Map<number, { role: LaneRole; term: number }>(nodes.map((node) => [node, { role: 'follower', term: 0 }]));

  const joined = new Map<number, number>();
  const removed = new Map<number, number>();
  const setState = (node: number, time: number, role: LaneRole, term: number): void => {
    current.set(node, { role, term });
    samples.get(node)?.push({ time, role, term });
  };

  for (const event of events) {
    const node = event.node;
    const state = current.get(node);
    if (state === undefined) continue; // not a node event (clients, faults)
    switch (event.kind) {
      case 'role':
        if (ROLES.has(event.tag)) setState(node, event.time, event.tag as LaneRole, termIn(event.detail) ?? state.term);
        break;
      case 'crash': {
        if (event.tag === 'removed') removed.set(node, event.time);
        setState(node, event.time, 'down', state.term);
        nodeEvents.get(node)?.push({ time: event.time, kind: 'crash', detail: withNodeClock(event, event.detail || 'crash') });
        // The crash detail lists what the disk lost; a torn prefix kept on disk is a torn write.
        if (/\btorn\b/.test(event.detail)) {
          nodeEvents.get(node)?.push({ time: event.time, kind: 'torn-write', detail: event.detail.replace(/^crash \([^)]*\);\s*/, '') });
        }
        break;
      }
      case 'restart': {
        if (event.tag === 'start' && !joined.has(node)) joined.set(node, event.time);
        const role = /restart as (\w+)/.exec(event.detail)?.[1] ?? 'follower';
        setState(node, event.time, ROLES.has(role) ? (role as LaneRole) : 'follower', termIn(event.detail) ?? state.term);
        const commit = numberAfter('commit', event.detail);
        if (commit !== null) commits.get(node)?.push([event.time, commit]);
        nodeEvents.get(node)?.push({ time: event.time, kind: 'restart', detail: withNodeClock(event, event.detail || 'restart') });
        break;
      }
      case 'log':
        // The node's own configuration changed (noteConfiguration in src/sim/step-observer.ts).
        if (event.tag === 'configuration') nodeEvents.get(node)?.push({ time: event.time, kind: 'configuration', detail: event.detail || 'configuration changed' });
        break;
      case 'torn-write':
        nodeEvents.get(node)?.push({ time: event.time, kind: 'torn-write', detail: event.detail || event.tag });
        break;
      case 'commit': {
        const index = Number(event.tag);
        if (Number.isFinite(index)) commits.get(node)?.push([event.time, index]);
        break;
      }
      case 'snapshot':
        nodeEvents.get(node)?.push({
          time: event.time,
          kind: event.tag === 'installed' ? 'snapshot-installed' : 'snapshot-taken',
          detail: withNodeClock(event, event.detail || `snapshot ${event.tag}`),
        });
        break;
      default:
        break;
    }
  }

  return nodes.map((node) => {
    const lane: NodeLane = {
      node,
      segments: roleSegments(samples.get(node) ?? [], end),
      events: nodeEvents.get(node) ?? [],
      commits: thinChangePoints(commits.get(node) ?? [], start, end, MAX_COMMIT_POINTS),
    };
    // Membership changes: a node that started during the run (tag 'start'), or was stopped for good ('removed').
    const joinedAt = joined.get(node);
    const removedAt = removed.get(node);
    if (joinedAt !== undefined) lane.joined = joinedAt;
    if (removedAt !== undefined) lane.removed = removedAt;
    return lane;
  });
}
