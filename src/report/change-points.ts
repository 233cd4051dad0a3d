/**
 * Node state as change points. The simulator can observe a node after every
 * step (hundreds of thousands of samples); the page needs only the moments
 * something changed, and on long runs not even all of those.
 */

import type { LaneRole, RoleSegment } from './report-data.js';

export interface RoleSample {
  time: number;
  role: LaneRole;
  term: number;
}

/**
 * Turns samples (sorted by time) into maximal segments of equal role and term;
 * each segment lasts until the next change, the last one until `end`.
 */
export function roleSegments(samples: readonly RoleSample[], end: number): RoleSegment[] {
  const segments: RoleSegment[] = [];
  for (const sample of samples) {
    const current = segments[segments.length - 1];
    if (current !== undefined && current.role === sample.role && current.term === sample.term) continue;
    if (current !== undefined) {
      // Two changes at the same instant: the later one wins and the empty segment goes.
      if (current.start === sample.time) segments.pop();
      else current.end = sample.time;
    }
    const previous = segments[segments.length - 1];
    if (previous !== undefined && previous.role === sample.role && previous.term === sample.term) {
      previous.end = end;
      continue;
    }
    segments.push({ start: sample.time, end, role: sample.role, term: sample.term });
  }
  return segments;
}

/**
 * Keeps the [time, value] points where the value changes, then, if there are
 * more than `max`, keeps only the last change in each of `max` equal time
 * buckets: a step line drawn from the result is off by at most one bucket.
 */
export function thinChangePoints(
  points: ReadonlyArray<readonly [number, number]>,
  start: number,
  end: number,
  max: number,
): Array<[number, number]> {
  const changes: Array<[number, number]> = [];
  for (const [time, value] of points) {
    const last = changes[changes.length - 1];
    if (last !== undefined && last[1] === value) continue;
    if (last !== undefined && last[0] === time) last[1] = value;
    else changes.push([time, value]);
  }
  if (changes.length <= max) return changes;
  const width = (end - start) / max;
  const thinned: Array<[number, number]> = [];
  for (const point of changes) {
    const last = thinned[thinned.length - 1];
    const sameBucket = last !== undefined && Math.floor((last[0] - start) / width) === Math.floor((point[0] - start) / width);
    if (sameBucket) thinned[thinned.length - 1] = [point[0], point[1]];
    else thinned.push([point[0], point[1]]);
  }
  return thinned;
}
