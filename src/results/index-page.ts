/**
 * index.html of a results folder: the sweep at a glance. A table of failing
 * seeds (kind, invariant, replay command, links to each failure's report and
 * file), the fault totals and the coverage marks. Static HTML with inline CSS
 * and a CSP that allows nothing else, so it opens from file:// with no
 * network and no script.
 */

import { escapeHtml } from '@raft-check/checker';
import { failureKindLabel } from '../sim/index.js';
import { formatRange } from '../sweep/seed-range.js';
import type { SweepJson } from '../sweep/sweep-json.js';
import { markNames } from '../sweep/sweep-summary.js';

export interface IndexPageContext {
  readonly startedAt: Date;
  /** Mark name -> what it means (MARKS). */
  readonly markDescriptions: Readonly<Record<string, string>>;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1d2330; background: #fff; }
h1 { font-size: 20px; margin: 0 0 12px; }
h2 { font-size: 16px; margin: 28px 0 8px; }
.verdict { padding: 2px 8px; border-radius: 4px; color: #fff; }
.verdict.pass { background: #1f7a3a; }
.verdict.fail { background: #b3261e; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid #dde1e8; vertical-align: top; }
th { background: #f3f5f8; }
td.count { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12px ui-monospace, monospace; background: #f3f5f8; padding: 1px 4px; border-radius: 3px; word-break: break-all; }
tr.never td { color: #b3261e; }
.facts th { background: none; font-weight: 600; }
.none { color: #5b6475; }
`;

/** A relative link to a file in the results folder (each path segment encoded). */
function href(path: string): string {
  return escapeHtml(path.split('/').map(encodeURIComponent).join('/'));
}

function factRows(sweep: SweepJson, context: IndexPageContext): string {
  const facts: Array<[string, string]> = [
    ['range', escapeHtml(formatRange(sweep.range))],
    ['shard', sweep.shard === null ? 'none' : `${sweep.shard.index}/${sweep.shard.count} (seeds ${escapeHtml(formatRange(sweep.slice))})`],
    ['seeds run', `${sweep.seedsRun}${sweep.stoppedBy === null ? '' : ` (stopped by ${escapeHtml(sweep.stoppedBy)})`}`],
    ['passed', String(sweep.passed)],
    ['failed', String(sweep.failed)],
    ['started', escapeHtml(context.startedAt.toISOString())],
    ['wall time', `${(sweep.wallMs / 1000).toFixed(1)} s on ${sweep.workers} worker${sweep.workers === 1 ? '' : 's'}`],
    ['overrides', Object.keys(sweep.overrides).length === 0 ? 'none (every world drawn from its seed)' : `<code>${escapeHtml(JSON.stringify(sweep.overrides))}</code>`],
    ['bugs', sweep.bugs.length === 0 ? 'none' : escapeHtml(sweep.bugs.join(', '))],
    ['system', sweep.system === null ? 'built-in Raft' : `<code>${escapeHtml(sweep.system.spec)}</code>${sweep.system.hash === null ? '' : ` sha256 <code>${escapeHtml(sweep.system.hash)}</code>`}`],
    ['fingerprint', `<code>${escapeHtml(sweep.fingerprint)}</code>`],
    ['files', '<a href="sweep.json">sweep.json</a> · <a href="junit.xml">junit.xml</a> · <a href="summary.txt">summary.txt</a>'],
  ];
  return facts.map(([name, value]) => `<tr><th>${name}</th><td>${value}</td></tr>`).join('\n');
}

function failureRows(sweep: SweepJson): string {
  if (sweep.failures.length === 0) return '<p class="none" id="no-failures">No seed failed.</p>';
  const rows = sweep.failures.map((failure) => {
    const links = [
      failure.report === null ? null : `<a class="report" href="${href(failure.report)}">report</a>`,
      failure.file === null ? null : `<a class="file" href="${href(failure.file)}">failure file</a>`,
    ].filter((link) => link !== null);
    return (
      `<tr class="failure" data-seed="${failure.seed}">` +
      `<td class="count">${failure.seed}</td>` +
      `<td>${escapeHtml(failureKindLabel(failure))}</td>` +
      `<td>${escapeHtml(failure.invariant)}</td>` +
      `<td class="count">${failure.time} ms${failure.node === null ? '' : ` on n${failure.node}`}</td>` +
      `<td>${escapeHtml(failure.message)}</td>` +
      `<td><code>${escapeHtml(failure.replay)}</code></td>` +
      `<td>${links.length === 0 ? '<span class="none">not saved</span>' : links.join(' · ')}</td>` +
      '</tr>'
    );
  });
  return `<table id="failures">
<thead><tr><th>seed</th><th>kind</th><th>invariant</th><th>at</th><th>message</th><th>replay</th><th>files</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/** Rows of name, count, meaning; `flagZero` marks counters that should have been hit (coverage marks). */
function countRows(counts: Readonly<Record<string, number>>, names: readonly string[], flagZero: boolean, describe: (name: string) => string = () => ''): string {
  return names
    .map((name) => {
      const count = counts[name] ?? 0;
      return `<tr${flagZero && count === 0 ? ' class="never"' : ''} data-name="${escapeHtml(name)}"><td>${escapeHtml(name)}</td><td class="count">${count}</td><td>${escapeHtml(describe(name))}</td></tr>`;
    })
    .join('\n');
}

export function renderResultsIndex(sweep: SweepJson, context: IndexPageContext): string {
  const pass = sweep.failed === 0 && sweep.stoppedBy !== 'fail-fast';
  const title = `raft-check sweep ${formatRange(sweep.range)}${sweep.shard === null ? '' : ` shard ${sweep.shard.index}/${sweep.shard.count}`}`;
  const marks = markNames(sweep.marks);
  const hit = marks.filter((name) => (sweep.marks[name] ?? 0) > 0).length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body data-rendered>
<h1>${escapeHtml(title)} <span class="verdict ${pass ? 'pass' : 'fail'}" id="verdict">${pass ? 'PASS' : 'FAIL'}</span></h1>
<table class="facts">
${factRows(sweep, context)}
</table>
<h2>Failing seeds (${sweep.failures.length})</h2>
${failureRows(sweep)}
<h2>Fault totals</h2>
<table id="totals">
<thead><tr><th>counter</th><th>total</th><th></th></tr></thead>
<tbody>
${countRows(sweep.totals, Object.keys(sweep.totals), false)}
</tbody>
</table>
<h2>Coverage marks (${hit}/${marks.length} hit)</h2>
<table id="marks">
<thead><tr><th>mark</th><th>hits</th><th>meaning</th></tr></thead>
<tbody>
${countRows(sweep.marks, marks, true, (name) => context.markDescriptions[name] ?? '')}
</tbody>
</table>
</body>
</html>
`;
}
