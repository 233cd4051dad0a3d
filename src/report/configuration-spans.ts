/**
 * The configuration in force over the run, from the trace: the simulator
 * records a `log` event tagged `configuration` ("configuration n1,n2,n3,n4")
 * whenever a node's configuration changes (src/sim/step-observer.ts,
 * noteConfiguration). Our Raft makes single-server changes and uses a new
 * configuration as soon as it is appended, so the configuration in force is
 * the leader's: a span starts when the leader adopts a new configuration, or
 * when a new leader is elected with another one. Between leaders the last
 * leader's configuration stays in force (nothing can change it without a
 * leader). Followers' own changes are node markers on their lanes.
 */

import type { TraceEvent } from '../sim/index.js';
import type { ConfigurationSpan } from './report-data.js';

/** "configuration n1,n2,n4" → [1, 2, 4]; null when the detail names no configuration. */
export function membersIn(detail: string): number[] | null {
  const match = /configuration\s+((?:n\d+,?)*)/.exec(detail);
  if (match === null) return null;
  return [...(match[1] ?? '').matchAll(/n(\d+)/g)].map((m) => Number(m[1]));
}

function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, k) => b[k] === id);
}

/**
 * Sorted, non-overlapping spans covering [start, end], each with its members
 * and the leader whose configuration it is (null for the initial one before
 * any leader). `initial`: the configuration every initial node starts with.
 */
export function configurationSpans(events: readonly TraceEvent[], initial: readonly number[], start: number, end: number): ConfigurationSpan[] {
  const configuration = new Map<number, number[]>(initial.map((node) => [node, [...initial]]));
  const spans: ConfigurationSpan[] = [{ start, end, members: [...initial], leader: null }];
  let leader: number | null = null;
  const adopt = (time: number, members: readonly number[], by: number): void => {
    const current = spans[spans.length - 1] as ConfigurationSpan;
    if (sameMembers(current.members, members)) return;
    current.end = time;
    if (time === current.start) spans.pop();
    const previous = spans[spans.length - 1];
    // A change back to the previous span's configuration at the same instant merges with it.
    if (previous !== undefined && previous.end === time && sameMembers(previous.members, members)) {
      previous.end = end;
      return;
    }
    spans.push({ start: time, end, members: [...members], leader: by });
  };
  for (const event of events) {
    if (event.kind === 'log' && event.tag === 'configuration') {
      const members = membersIn(event.detail);
      if (members === null) continue;
      configuration.set(event.node, members);
      if (event.node === leader) adopt(event.time, members, event.node);
    } else if (event.kind === 'role' && event.tag === 'leader') {
      leader = event.node;
      const members = configuration.get(event.node);
      if (members !== undefined) adopt(event.time, members, event.node);
    }
  }
  return spans;
}
