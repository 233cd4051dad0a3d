/**
 * One self-contained HTML page (inline CSS and script, no network) showing a
 * check result: per partition, each client's operations as bars on a time
 * axis, the longest linearizable prefix (or the linearization) with each
 * operation's position in it, and, for a partition that is not linearizable,
 * the operation where the search got stuck, marked
 * `data-stuck="true" data-op-index="N"`. Hovering an operation shows its
 * description, times and the model state before and after it.
 *
 * The SVG is drawn here rather than in the browser so the page is plain
 * markup that stays quick for thousands of operations.
 */

import { assert } from '../assert.js';
import type { HistoryFile } from '../history.js';
import { findModel } from '../registry.js';
import type { CheckResult, Verdict } from '../result.js';
import { SCRIPT, STYLE } from './assets.js';
import { escapeHtml } from './escape.js';
import { partitionView, type OperationView, type PartitionView } from './partition-view.js';

export interface RenderOptions {
  /** Page heading, e.g. the file name. */
  title?: string;
}

const LEFT_MARGIN = 90;
const RANK_WIDTH = 16;
const ROW_HEIGHT = 26;
const BAR_HEIGHT = 18;
const LABEL_MIN_WIDTH = 70;

const VERDICT_ORDER: Record<Verdict, number> = { 'not linearizable': 0, unknown: 1, linearizable: 2 };

export function renderHtml(result: CheckResult, history: HistoryFile, options: RenderOptions = {}): string {
  const model = findModel(history.model);
  assert(model !== undefined && model.name === result.model, 'renderHtml needs the history that was checked');
  const views = result.partitions
    .map((partition) => partitionView(model, history.operations, partition))
    .sort((a, b) => VERDICT_ORDER[a.result.verdict] - VERDICT_ORDER[b.result.verdict]);
  const title = options.title ?? 'raft-check: linearizability check';
  const hasStuck = views.some((view) => view.operations.some((operation) => operation.stuck));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Verdict: <span class="verdict ${verdictClass(result.verdict)}" id="verdict">${escapeHtml(result.verdict)}</span>
 &mdash; model <code>${escapeHtml(result.model)}</code>, ${count(history.operations.length, 'operation')},
 ${count(result.partitions.length, 'partition')}, ${count(result.steps, 'search step')}.</p>
<p class="description">${escapeHtml(result.summary)}</p>
${timeAxisNote(history)}${hasStuck ? '<p><a href="#" id="jump-to-stuck">Jump to the stuck operation</a></p>' : ''}
<p class="legend"><span><i class="swatch" style="background:#b6e3c2"></i>in the linearizable prefix (with its position)</span>
<span><i class="swatch" style="background:#d8dee4"></i>outside it</span>
<span><i class="swatch" style="background:#ffcecb;border-color:#cf222e"></i>stuck: returned, yet cannot be linearized</span>
<span><i class="swatch" style="border-style:dashed"></i>never answered</span></p>
${views.map((view) => renderPartition(view, result.verdict)).join('\n')}
<div id="tooltip" role="tooltip"></div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** How to read the times shown when the reader renumbered them (parse/exact-times.ts). */
function timeAxisNote(history: HistoryFile): string {
  const axis = history.meta?.['timeAxis'] as { kind: string; origin: string | null } | undefined;
  if (axis === undefined) return '';
  const meaning = axis.kind === 'rebased' ? `counted from ${axis.origin ?? '?'}` : 'ranks of the written times (their order is exact)';
  return `<p class="time-axis">Times are ${escapeHtml(meaning)}: the file's times are beyond what a double holds exactly.</p>\n`;
}

function count(amount: number, noun: string): string {
  return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}

function verdictClass(verdict: Verdict): string {
  return `verdict-${verdict.replace(' ', '-')}`;
}

function renderPartition(view: PartitionView, overall: Verdict): string {
  const { result } = view;
  // Open what needs attention; partitions merely stopped early stay folded.
  const open = overall === 'linearizable' || (result.verdict !== 'linearizable' && result.unknownReason !== 'stopped');
  const shownLabel = result.linearization !== null ? 'Linearization' : 'Longest linearizable prefix';
  return `<section class="partition" data-partition="${escapeHtml(result.name)}" data-verdict="${escapeHtml(result.verdict)}">
<details${open ? ' open' : ''}>
<summary>Partition ${escapeHtml(result.name)}: <span class="verdict ${verdictClass(result.verdict)}">${escapeHtml(result.verdict)}</span>
 (${result.operations.length} operations)</summary>
<p class="description">${escapeHtml(result.description)}</p>
<div class="timeline">${renderTimeline(view)}</div>
<details><summary>${shownLabel}: ${view.shown.length} of ${result.operations.length} operations</summary>
<p>Initial state: <code>${escapeHtml(view.initialState)}</code></p>
<ol class="prefix">${view.shown.map((index) => renderPrefixItem(view, index)).join('')}</ol>
</details>
</details>
</section>`;
}

function renderPrefixItem(view: PartitionView, index: number): string {
  const operation = view.byIndex.get(index)!;
  return `<li>operation ${index}, client ${operation.client}: <code>${escapeHtml(operation.description)}</code>
 &rarr; state <code>${escapeHtml(operation.stateAfter ?? '')}</code></li>`;
}

function renderTimeline(view: PartitionView): string {
  const width = LEFT_MARGIN + view.ranks * RANK_WIDTH + RANK_WIDTH;
  const height = view.clients.length * ROW_HEIGHT + 8;
  const labels = view.clients
    .map((client, row) => `<text class="client-label" x="4" y="${row * ROW_HEIGHT + 17}">client ${client}</text>`)
    .join('');
  // The state before an operation in the prefix is the state after the one before it.
  const stateBefore = new Map<number, string>();
  let previous = view.initialState;
  for (const index of view.shown) {
    stateBefore.set(index, previous);
    previous = view.byIndex.get(index)!.stateAfter!;
  }
  const stuckStateBefore = view.finalState;
  const bars = view.operations
    .map((operation) => {
      const before = operation.order !== null ? stateBefore.get(operation.index)! : operation.stuck ? stuckStateBefore : null;
      return renderBar(operation, before, view);
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${labels}${bars}</svg>`;
}

function renderBar(operation: OperationView, stateBefore: string | null, view: PartitionView): string {
  const x = LEFT_MARGIN + operation.startRank * RANK_WIDTH + 2;
  const width = (operation.endRank - operation.startRank + 1) * RANK_WIDTH - 4;
  const y = operation.row * ROW_HEIGHT + 4;
  const frontier =
    view.result.verdict === 'unknown' && view.result.stuckOperation === operation.index ? ' frontier' : '';
  const classes = `op${operation.order !== null ? ' in-prefix' : ''}${operation.pending ? ' pending' : ''}${operation.stuck ? ' stuck' : ''}${frontier}`;
  const label = operation.order !== null ? `#${operation.order} ${operation.description}` : operation.stuck ? `STUCK ${operation.description}` : operation.description;
  const attributes = [
    `class="${classes}"`,
    `data-op-index="${operation.index}"`,
    `data-client="${operation.client}"`,
    `data-desc="${escapeHtml(operation.description)}"`,
    `data-times="${escapeHtml(operation.times)}"`,
    operation.order === null ? '' : `data-order="${operation.order}"`,
    stateBefore === null ? '' : `data-state-before="${escapeHtml(stateBefore)}"`,
    operation.stateAfter === null ? '' : `data-state-after="${escapeHtml(operation.stateAfter)}"`,
    operation.stuck ? 'data-stuck="true" id="stuck-operation"' : '',
  ].filter((attribute) => attribute !== '');
  // Narrow bars still show their position in the prefix; the rest is in the tooltip.
  const shortLabel = operation.order !== null ? `#${operation.order}` : operation.stuck ? '!' : '';
  const shown = width >= LABEL_MIN_WIDTH ? truncate(label, Math.floor((width - 8) / 6.6)) : width >= shortLabel.length * 7 + 6 ? shortLabel : '';
  const text = shown === '' ? '' : `<text x="${x + 3}" y="${y + 13}">${escapeHtml(shown)}</text>`;
  return `<g ${attributes.join(' ')}><rect x="${x}" y="${y}" width="${width}" height="${BAR_HEIGHT}" rx="3"></rect>${text}</g>`;
}

function truncate(text: string, characters: number): string {
  return text.length <= characters ? text : `${text.slice(0, Math.max(1, characters - 1))}…`;
}
