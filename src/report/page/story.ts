/**
 * The story: the last key events before the failure (elections won, crashes
 * and restarts, torn writes, snapshot installs, partitions, bursts and
 * pauses, phase changes, the stuck op, the failure) as a short list in
 * words, each a link that brings it into view: the sentence version of the
 * panels, read first. storyEvents is pure.
 */

import { escapeHtml } from '@raft-check/checker';
import type { NodeEventKind, ReportData } from '../report-data.js';
import type { PageContext } from './context.js';
import { fmtTime } from './format.js';
import { nodeStateAt } from './node-state.js';

export const STORY_LENGTH = 14;

export interface StoryItem {
  time: number;
  node: number | null;
  /** CSS class suffix: leader, crash, restart, torn-write, snapshot-installed, partition, drop, ..., phase, stuck, failure. */
  kind: string;
  text: string;
  detail?: string;
}

const EVENT_VERB: Record<Exclude<NodeEventKind, 'snapshot-taken' | 'configuration'>, string> = {
  crash: 'crashes',
  restart: 'restarts',
  'torn-write': 'loses the tail of a write (torn)',
  'snapshot-installed': 'installs a snapshot from the leader',
};

/** The story's items, oldest first, ending at the failure; `headline` is the verdict banner's. */
export function storyEvents(data: ReportData, headline: string): StoryItem[] {
  const { run, verdict } = data;
  const items: StoryItem[] = [];
  for (const lane of data.lanes) {
    lane.segments.forEach((segment, i) => {
      const before = lane.segments[i - 1];
      if (segment.role === 'leader' && !(before !== undefined && before.role === 'leader' && before.term === segment.term)) {
        items.push({ time: segment.start, node: lane.node, kind: 'leader', text: `n${lane.node} becomes leader of term ${segment.term}` });
      }
    });
    for (const event of lane.events) {
      // Routine: one snapshot every few entries; each node adopting a configuration (the cluster's changes are below).
      if (event.kind === 'snapshot-taken' || event.kind === 'configuration') continue;
      let what = EVENT_VERB[event.kind];
      // What it was before a crash, and what it came back as after a restart.
      const segment = nodeStateAt(lane, event.kind === 'crash' ? event.time - 1e-6 : event.time).segment;
      if (segment !== null && event.kind === 'crash' && segment.role !== 'down') what += ` (was ${segment.role} of term ${segment.term})`;
      if (segment !== null && event.kind === 'restart' && segment.role !== 'down') what += ` as ${segment.role} of term ${segment.term}`;
      // Membership changes start a new node and stop a removed one: say so rather than restart and crash.
      if (event.kind === 'restart' && /^new node/.test(event.detail)) what = 'joins: a new node, started empty, not yet a member';
      if (event.kind === 'crash' && /removed from the cluster/.test(event.detail)) what = 'is removed from the cluster and stopped';
      items.push({ time: event.time, node: lane.node, kind: event.kind, text: `n${lane.node} ${what}`, detail: event.detail });
    }
  }
  for (const fault of data.faults) {
    const text = fault.kind === 'partition' ? `partition ${fault.description}` : fault.kind === 'pause' ? fault.description : `${fault.kind} burst ${fault.description}`;
    items.push({ time: fault.start, node: fault.node ?? null, kind: fault.kind, text });
    if (fault.kind === 'partition' && fault.end < run.end) items.push({ time: fault.end, node: null, kind: 'heal', text: 'partition heals' });
  }
  for (const span of (data.configurations ?? []).slice(1)) {
    items.push({ time: span.start, node: span.leader, kind: 'configuration', text: `configuration ${span.members.map((n) => `n${n}`).join(',')}${span.leader === null ? '' : ` (leader n${span.leader})`}` });
  }
  for (const phase of run.phases) items.push({ time: phase.time, node: null, kind: 'phase', text: phase.detail || `${phase.name} phase` });
  const stuck = verdict.stuckOp === null ? undefined : data.history.ops[verdict.stuckOp];
  if (stuck !== undefined) {
    items.push({ time: stuck.call, node: null, kind: 'stuck', text: `c${stuck.client} calls ${stuck.input} (op #${stuck.id})` });
    if (stuck.return !== null) {
      const answerer = stuck.answeredBy === null ? undefined : data.lanes.find((lane) => lane.node === stuck.answeredBy);
      const state = answerer === undefined ? null : nodeStateAt(answerer, stuck.return);
      const who =
        answerer === undefined
          ? 'answer: '
          : `n${answerer.node}${state?.segment ? ` (${state.segment.role} of term ${state.segment.term}, commit ${state.commit})` : ''} answers `;
      items.push({ time: stuck.return, node: stuck.answeredBy, kind: 'stuck', text: `${who}${stuck.output ?? ''}: no linearization allows it (op #${stuck.id})` });
    }
  }
  if (verdict.status === 'fail' && verdict.time !== null) {
    items.push({ time: verdict.time, node: verdict.node, kind: 'failure', text: `${headline}${verdict.node !== null ? ` on n${verdict.node}` : ''}` });
  }
  items.sort((a, b) => a.time - b.time || Number(a.kind === 'failure') - Number(b.kind === 'failure'));
  // The story ends at the failure (for a linearizability failure: at the stuck op's answer).
  const end = stuck !== undefined ? (stuck.return ?? stuck.call) : (verdict.time ?? run.end);
  const told = items.filter((item) => item.time <= end || item.kind === 'failure');
  const recent = told.slice(Math.max(0, told.length - STORY_LENGTH));
  // A stuck op called long before its answer: its call stays in the story, so the story still says what was asked.
  return [...told.filter((item) => item.kind === 'stuck' && !recent.includes(item)), ...recent];
}

export function renderStory(page: PageContext, bringIntoView: (t: number) => void): void {
  const list = document.getElementById('story');
  if (list === null) return;
  const items = storyEvents(page.data, page.headline);
  if (items.length === 0) {
    list.innerHTML = '<li class="quiet">nothing notable happened: no elections after the first, no crashes, no faults</li>';
    return;
  }
  list.innerHTML = items
    .map(
      (item, i) =>
        `<li class="story-${item.kind}" data-story="${i}" data-at="${item.time}"${item.detail ? ` title="${escapeHtml(item.detail)}"` : ''}>` +
        `<span class="story-time">${fmtTime(item.time)}</span><span class="story-text">${escapeHtml(item.text)}</span></li>`,
    )
    .join('');
  list.querySelectorAll('li[data-at]').forEach((li) => {
    li.addEventListener('click', () => bringIntoView(Number(li.getAttribute('data-at'))));
  });
}
