/**
 * renderReport: ReportData in, one self-contained HTML page out. Pure: no
 * clock, no file system, no network, and the page itself loads nothing (inline
 * CSS, inline script, SVG drawn from the embedded JSON), so a report can be
 * attached to a bug and opened anywhere, years later.
 *
 * The server side renders the static frame (verdict banner, run summary,
 * panel headings); the script (src/report/page/, bundled at build time into
 * page-script.generated.ts) draws the panels from the embedded data, so the
 * file holds compact JSON rather than tens of thousands of SVG elements.
 */

import { escapeHtml } from '@raft-check/checker';
import { jsonForScriptElement } from './embed-json.js';
import { embeddedReport } from './embedded-report.js';
import { REPORT_PAGE_SCRIPT } from './page-script.generated.js';
import type { ReportData } from './report-data.js';
import { REPORT_STYLE } from './report-style.js';
import { SVG_DEFS } from './svg-defs.js';
import { formatSimTime, renderVerdictBanner } from './verdict-banner.js';

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function runSummary(data: ReportData): string {
  const run = data.run;
  const parts = [
    `<b>${escapeHtml(run.implementation)}</b>`,
    `${data.lanes.length} nodes, ${data.history.clients.length} clients`,
    `run ${formatSimTime(run.start)} – ${formatSimTime(run.end)}`,
    `${count(run.events)} events`,
    `${count(data.messages.total)} messages`,
    `${count(data.history.ops.length)} operations`,
    run.bugs.length > 0 ? `injected bugs: <b>${escapeHtml(run.bugs.join(', '))}</b>` : 'no injected bugs',
  ];
  if (run.config !== '') parts.push(escapeHtml(run.config));
  return `<div class="run-info">${parts.join(' · ')}</div>`;
}

function checkerNote(data: ReportData): string {
  const checker = data.history.checker;
  if (checker === null) return '<span class="note">linearizability not checked</span>';
  const prefix =
    checker.result === 'not-linearizable'
      ? `key ${JSON.stringify(checker.partition)}: longest linearizable prefix ${count(checker.longestPrefix.length)} ops, stuck at op #${checker.stuckOp ?? '?'}`
      : checker.result;
  return `<span class="note" data-checker-result="${checker.result}" title="${escapeHtml(checker.message)}">${escapeHtml(prefix)}</span>`;
}

function availabilityNote(data: ReportData): string {
  const source =
    data.availability.source === 'oracle'
      ? 'leader spans and calm windows from the availability oracle'
      : 'leader spans from the node lanes: a leader, with a majority up, in its term and not cut off from it';
  return `<span class="note">${source}</span>`;
}

function availabilityLegend(data: ReportData): string {
  return [
    '<span class="key"><span class="swatch" style="background:var(--leader);opacity:.75"></span> leader followed by a majority</span>',
    '<span class="key"><span class="swatch" style="background:var(--fail);opacity:.55"></span> none (cluster unavailable)</span>',
    data.availability.calmWindows === null ? '' : '<span class="key"><span class="swatch" style="background:#0f766e;opacity:.35"></span> calm window (oracle)</span>',
    '<span class="key"><span class="swatch" style="background:repeating-linear-gradient(45deg,#4a5160 0 3px,#8a93a3 3px 5px)"></span> node down</span>',
    '<span class="key"><b style="color:var(--ok-edge)">●</b> ok</span>',
    '<span class="key"><b style="color:var(--failed-edge)">●</b> failed</span>',
    '<span class="key"><b style="color:var(--unknown-edge)">○</b> no answer (client gave up)</span>',
    '<span class="key">latency: call to answer, one dot per operation, at its call; hover a dot to find it in the client history</span>',
  ].join('');
}

function messagesNote(data: ReportData): string {
  const window = data.messages;
  const kept = `${count(window.messages.length)} of ${count(window.total)} messages kept`;
  const unpaired =
    window.unpaired > 0
      ? ` · <span class="warn" data-unpaired="${window.unpaired}">${count(window.unpaired)} deliveries not drawn: the trace does not record when they were sent</span>`
      : '';
  return `<span class="note">window ${formatSimTime(window.start)} – ${formatSimTime(window.end)} (${escapeHtml(window.reason)}): ${kept}${unpaired}</span>`;
}

const ROLE_LEGEND = [
  ['var(--leader)', 'leader'],
  ['var(--candidate)', 'candidate'],
  ['var(--follower)', 'follower'],
  ['repeating-linear-gradient(45deg,#4a5160 0 3px,#8a93a3 3px 5px)', 'down (crashed)'],
]
  .map(([color, label]) => `<span class="key"><span class="swatch" style="background:${color}"></span>${label}</span>`)
  .join('');

const EVENT_LEGEND = [
  '<span class="key"><b style="color:#b42318">✕</b> crash</span>',
  '<span class="key"><b style="color:#1f7a44">▶</b> restart</span>',
  '<span class="key"><b style="color:#7c3aed">◆</b> snapshot taken</span>',
  '<span class="key"><b style="color:#7c3aed">◇</b> snapshot installed</span>',
  '<span class="key"><b style="color:#f97316">▲</b> torn write</span>',
  '<span class="key"><b style="color:#0e7490">▼</b> node takes up a configuration</span>',
  '<span class="key"><span class="swatch" style="height:2px;background:var(--commit)"></span> commit index</span>',
  '<span class="key"><span class="swatch" style="width:3px;background:var(--fail)"></span> failure point</span>',
  '<span class="key"><span class="swatch" style="width:3px;background:repeating-linear-gradient(180deg,#0f766e 0 4px,transparent 4px 6px)"></span> phase change</span>',
].join('');

export function renderReport(data: ReportData): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(data.title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
${SVG_DEFS}
${renderVerdictBanner(data)}
${runSummary(data)}
<main>
<section class="panel" id="story-panel"><h2>What happened <span class="note">${data.verdict.status === 'fail' ? 'the last key events before the failure' : 'the last key events of the run'}; click one to bring it into view</span></h2>
<ol id="story"></ol></section>
<div class="toolbar">
<button type="button" id="zoom-failure" title="Zoom to the failure (f)">${data.verdict.status === 'fail' ? 'Focus failure' : 'Focus window'}</button>
<button type="button" id="zoom-whole" title="Show the whole run (0)">Whole run</button>
<button type="button" id="zoom-in" title="Zoom in (+)">+</button>
<button type="button" id="zoom-out" title="Zoom out (−)">−</button>
<span class="view-range" id="view-range"></span>
<span class="hint">drag to pan · ctrl+wheel or double-click to zoom · drag on the overview to pick a range · hover for details</span>
<svg id="axis" height="26" aria-label="time axis"></svg>
</div>
<section class="panel" id="overview-panel"><h2>Whole run <span class="note">roles, message traffic (red: dropped, purple: duplicated)</span></h2>
<svg id="overview" aria-label="overview of the whole run"></svg></section>
<section class="panel" id="availability-panel"><h2>Availability and latency ${availabilityNote(data)}</h2>
<div class="legend">${availabilityLegend(data)}</div>
<svg id="availability" aria-label="availability, latency and throughput"></svg></section>
<section class="panel" id="cluster-panel"><h2>Cluster timeline</h2>
<div class="legend">${ROLE_LEGEND}${EVENT_LEGEND}</div>
<svg id="lanes" aria-label="cluster timeline"></svg></section>
<section class="panel" id="faults-panel"><h2>Faults <span class="note">${count(data.faults.length)} fault intervals</span></h2>
<svg id="faults" aria-label="faults"></svg></section>
<section class="panel" id="messages-panel"><h2>Messages ${messagesNote(data)}</h2>
<div class="legend" id="message-legend"></div>
<svg id="messages" aria-label="message diagram"></svg></section>
<section class="panel" id="history-panel"><h2>Client history ${checkerNote(data)}</h2>
<div class="legend" id="history-legend"></div>
<svg id="history" aria-label="client history"></svg></section>
</main>
<div id="tooltip" role="tooltip"></div>
<script type="application/json" id="report-data">${jsonForScriptElement(embeddedReport(data))}</script>
<script>${REPORT_PAGE_SCRIPT}</script>
</body>
</html>
`;
}
