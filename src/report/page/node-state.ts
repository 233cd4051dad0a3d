/** What a node looked like at an instant, from its lane's change points. Pure. */

import type { NodeLane, RoleSegment } from '../report-data.js';
import { lowerBound } from './scale.js';

export interface NodeState {
  segment: RoleSegment | null;
  commit: number;
}

/** Role, term and commit index of the lane's node at time t (at a boundary: the segment starting there). */
export function nodeStateAt(lane: NodeLane, t: number): NodeState {
  let segment: RoleSegment | null = null;
  for (const s of lane.segments) {
    if (s.start <= t && t <= s.end) {
      segment = s;
      if (t < s.end) break;
    }
  }
  const index = lowerBound(lane.commits, t + 1e-9, (point) => point[0]) - 1;
  return { segment, commit: index >= 0 ? (lane.commits[index] as [number, number])[1] : 0 };
}

export function describeNodeAt(lane: NodeLane, t: number): string {
  const { segment, commit } = nodeStateAt(lane, t);
  const role = segment === null ? 'not started' : segment.role === 'down' ? 'down (crashed)' : `${segment.role}, term ${segment.term}`;
  return `${role}, commit index ${commit}`;
}
