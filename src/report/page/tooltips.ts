/**
 * Tooltip text for whatever is under the mouse. Marks carry a short
 * `data-tip` key ("op:42", "segment:3:7", ...) rather than their text, so the
 * page holds the words once, here, and builds them only on hover.
 */

import { escapeHtml as esc } from '@raft-check/checker';
import type { ReportMessage, ReportOp } from '../report-data.js';
import { scaleOf, type PageContext } from './context.js';
import { fmtCount, fmtDuration, fmtTime } from './format.js';
import { opsNear } from './history-layout.js';
import { describeNodeAt } from './node-state.js';

const DIM = (text: string): string => `<span class="dim">${text}</span>`;

export function tipHtml(page: PageContext, tip: string): string | null {
  const [kind, a = '', b = ''] = tip.split(':');
  const { data } = page;
  const t = page.cursorTime ?? 0;
  switch (kind) {
    case 'segment': {
      const lane = page.laneByNode.get(Number(a));
      const segment = lane?.segments[Number(b)];
      if (lane === undefined || segment === undefined) return null;
      return `<b>n${lane.node} · ${segment.role === 'down' ? 'down (crashed)' : segment.role}</b> · term ${segment.term}` +
        `<br>${DIM('from')} ${fmtTime(segment.start)} ${DIM('to')} ${fmtTime(segment.end)} (${fmtDuration(segment.end - segment.start)})` +
        `<br>${DIM(`at ${fmtTime(t)}:`)} ${esc(describeNodeAt(lane, t))}`;
    }
    case 'commit': {
      const lane = page.laneByNode.get(Number(a));
      return lane === undefined ? null : `<b>n${lane.node}</b> at ${fmtTime(t)}<br>${esc(describeNodeAt(lane, t))}`;
    }
    case 'event': {
      const lane = page.laneByNode.get(Number(a));
      const event = lane?.events[Number(b)];
      if (lane === undefined || event === undefined) return null;
      return `<b>n${lane.node} · ${esc(event.kind.replace('-', ' '))}</b> at ${fmtTime(event.time)}<br>${esc(event.detail)}` +
        `<br>${DIM('state just before:')} ${esc(describeNodeAt(lane, event.time - 1e-6))}`;
    }
    case 'fault': {
      const fault = data.faults[Number(a)];
      if (fault === undefined) return null;
      const groups = fault.groups?.map((group) => `{${group.map((n) => `n${n}`).join(', ')}}`).join(' · ');
      return `<b>${esc(fault.kind)}</b> ${esc(fault.description)}<br>${fmtTime(fault.start)} – ${fmtTime(fault.end)} (${fmtDuration(fault.end - fault.start)})` +
        (groups !== undefined ? `<br>${DIM('could talk:')} ${groups}` : '');
    }
    case 'clock': {
      const lane = page.laneByNode.get(Number(a));
      if (lane?.clock === undefined) return null;
      return `<b>n${lane.node} clock</b> ${esc(lane.clock)}<br>${DIM('its steady rate against true time, and its reading at true time 0; drift bursts are in the faults panel')}`;
    }
    case 'outside': {
      const [, , , from = '0', to = '0', which = ''] = tip.split(':');
      const span = `${fmtTime(Number(from))} – ${fmtTime(Number(to))}`;
      return which === 'removed'
        ? `<b>n${a} removed</b> from the cluster and stopped<br>${span}`
        : `<b>n${a} not started yet</b>: added later by a membership change<br>${span}`;
    }
    case 'config': {
      const span = data.configurations?.[Number(a)];
      if (span === undefined) return null;
      return `<b>configuration</b> ${span.members.map((n) => `n${n}`).join(', ')}<br>${fmtTime(span.start)} – ${fmtTime(span.end)} (${fmtDuration(span.end - span.start)})` +
        `<br>${DIM(span.leader === null ? 'the initial configuration' : `adopted by leader n${span.leader}; node markers show when each node took it up`)}`;
    }
    case 'leader': {
      const span = data.availability.leaderSpans[Number(a)];
      if (span === undefined) return null;
      return `<b>n${span.leader} led a majority</b><br>${fmtTime(span.start)} – ${fmtTime(span.end)} (${fmtDuration(span.end - span.start)})` +
        `<br>${DIM(data.availability.source === 'oracle' ? 'as the availability oracle measured it' : 'from the node lanes: a leader, and a majority up, in its term and not cut off from it')}`;
    }
    case 'no-leader':
      return `<b>no leader followed by a majority</b><br>${fmtTime(Number(a))} – ${fmtTime(Number(b))} (${fmtDuration(Number(b) - Number(a))})`;
    case 'calm': {
      const window = data.availability.calmWindows?.[Number(a)];
      if (window === undefined) return null;
      return `<b>calm window</b> ${fmtTime(window.start)} – ${fmtTime(window.end)} (${fmtDuration(window.end - window.start)})` +
        `<br>${DIM('a majority up, connected both ways and calm: the availability oracle expects a leader here')}`;
    }
    case 'down': {
      const lane = page.laneByNode.get(Number(a));
      const segment = lane?.segments[Number(b)];
      if (lane === undefined || segment === undefined) return null;
      return `<b>n${lane.node} down</b> (crashed)<br>${fmtTime(segment.start)} – ${fmtTime(segment.end)} (${fmtDuration(segment.end - segment.start)})`;
    }
    case 'throughput': {
      const series = page.availability.throughput;
      const i = Math.floor((t - series.start) / series.bucket);
      if (i < 0 || i >= series.ok.length) return null;
      const from = series.start + i * series.bucket;
      return `<b>${fmtTime(from)} – ${fmtTime(from + series.bucket)}</b><br>completed: ${series.ok[i] ?? 0} ok, ${series.failed[i] ?? 0} failed, ` +
        `${series.unknown[i] ?? 0} given up ${DIM('(no answer)')}`;
    }
    case 'op': {
      const op = data.history.ops[Number(a)];
      return op === undefined ? null : opTip(page, op);
    }
    case 'row': {
      const clients = data.history.rows[Number(a)] ?? [];
      return `<b>history row ${Number(a) + 1}</b><br>clients ${clients.map((c) => `c${c}`).join(' → ')}` +
        (clients.length > 1 ? `<br>${DIM('a client whose op is never answered retires; its successor takes over the row')}` : '');
    }
    case 'dense': {
      const scale = scaleOf(page);
      const near = opsNear(page.history, Number(a), t, (4 / scale.plotWidth()) * (page.view.t1 - page.view.t0));
      if (near.nearest === null) return null;
      return `${DIM(`${fmtCount(near.count)} operations of c${a} within 4 px here; zoom in to see each. Nearest:`)}<br>${opTip(page, near.nearest)}`;
    }
    case 'failure': {
      const verdict = data.verdict;
      return `<b style="color:#ff8a8a">${esc(page.headline)}</b><br>${esc(verdict.message)}<br>at ${fmtTime(verdict.time ?? 0)}` +
        (verdict.node !== null ? ` on n${verdict.node}` : '') + (verdict.stuckOp !== null ? ` · stuck op #${verdict.stuckOp}` : '');
    }
    case 'phase': {
      const phase = data.run.phases[Number(a)];
      return phase === undefined ? null : `<b>${esc(phase.name)} phase</b> from ${fmtTime(phase.time)}<br>${esc(phase.detail)}`;
    }
    case 'window': {
      const w = data.messages;
      return `<b>message window</b> (${esc(w.reason)})<br>${fmtTime(w.start)} – ${fmtTime(w.end)}: ${fmtCount(w.messages.length)} of ${fmtCount(w.total)} messages kept`;
    }
    default:
      return null;
  }
}

export function opTip(page: PageContext, op: ReportOp): string {
  const checker = page.data.history.checker;
  const lines = [
    `<b>c${op.client} · op #${op.id}</b> · key <code>${esc(op.key)}</code>`,
    `<code>${esc(op.input)}</code> → ${op.output === null ? DIM('no answer') : `<code>${esc(op.output)}</code>`}`,
    `${DIM('call')} ${fmtTime(op.call)} · ${DIM('return')} ${op.return === null ? 'never' : `${fmtTime(op.return)} (${fmtDuration(op.return - op.call)})`}`,
    `${DIM('outcome')} ${op.outcome}${op.return === null ? ` ${DIM('(may take effect at any time after its call, or never)')}` : ''}`,
  ];
  if (op.attempts.length > 0) {
    lines.push(`${DIM('sent to')} ${op.attempts.map(([time, node], i) => `n${node}${i > 0 ? ` ${DIM(`(retry at ${fmtTime(time)})`)}` : ''}`).join(', ')}`);
  }
  const answerer = op.answeredBy === null ? undefined : page.laneByNode.get(op.answeredBy);
  if (answerer !== undefined && op.return !== null) {
    lines.push(`${DIM('answered by')} <b>n${answerer.node}</b>, ${esc(describeNodeAt(answerer, op.return))} ${DIM('at the answer')}`);
  }
  const rank = page.history.prefixRank[op.id] ?? 0;
  if (checker !== null && op.id === checker.stuckOp) lines.push('<b style="color:#ff8a8a">the checker got stuck here</b>: no order of the prefix and this op fits the model');
  else if (rank > 0 && checker !== null) lines.push(`${DIM('linearizable prefix position')} ${rank} of ${checker.longestPrefix.length}`);
  return lines.join('<br>');
}

export function messageTip(m: ReportMessage): string {
  const fate = m.dropped
    ? '<b style="color:#ff8a8a">dropped by the network</b>'
    : m.received === null
      ? DIM('never delivered (receiver down or still in flight)')
      : `${DIM('received')} ${fmtTime(m.received)} (${fmtDuration(m.received - m.sent)})`;
  return `<b>${esc(m.kind)}</b> n${m.from} → n${m.to}${m.duplicate ? ' · <b>duplicate</b>' : ''}` +
    `<br><code>${esc(m.description)}</code><br>${DIM('sent')} ${fmtTime(m.sent)} · ${fate}`;
}
