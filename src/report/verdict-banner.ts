/**
 * The verdict banner at the top of the report, rendered on the server side so
 * the most important facts (what failed, when, where, how to replay) are in
 * the HTML itself, readable even with scripts disabled, and carry stable
 * data-* attributes for tests and tools.
 */

import { escapeHtml } from '@raft-check/checker';
import type { ReportData, Verdict } from './report-data.js';

/** "12.345 s": simulated ms shown as seconds with millisecond precision. */
export function formatSimTime(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

export function verdictHeadline(verdict: Verdict): string {
  switch (verdict.kind) {
    case 'pass':
      return 'Passed: no invariant violated, history linearizable';
    case 'invariant':
      return `Invariant violated: ${verdict.invariant ?? 'unnamed'}`;
    case 'linearizability':
      return 'History is not linearizable';
    case 'liveness':
      return 'Liveness failure: the cluster did not recover';
    case 'crash':
      return 'The node code crashed (exception or failed assertion)';
    case 'unknown':
      return 'Unknown: the linearizability checker ran out of budget';
  }
}

function attribute(name: string, value: string | number | null): string {
  return value === null ? '' : ` ${name}="${escapeHtml(String(value))}"`;
}

function fact(label: string, value: string, extraClass = ''): string {
  return `<div class="fact${extraClass}"><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></div>`;
}

/** For a linearizability failure, the checker's own explanation (which key, which op, how far it got). */
function checkerDetail(data: ReportData): string {
  const checker = data.history.checker;
  if (data.verdict.kind !== 'linearizability' || checker === null || checker.message === data.verdict.message) return '';
  return `<p class="verdict-detail">${escapeHtml(checker.message)}</p>`;
}

export function renderVerdictBanner(data: ReportData): string {
  const verdict = data.verdict;
  const facts: string[] = [];
  if (verdict.time !== null) facts.push(fact('time', formatSimTime(verdict.time)));
  if (verdict.node !== null) facts.push(fact('node', `n${verdict.node}`));
  if (verdict.stuckOp !== null) facts.push(fact('stuck op', `#${verdict.stuckOp}`));
  facts.push(fact('seed', String(verdict.seed)));
  facts.push(fact('fingerprint', verdict.fingerprint, ' mono'));
  return [
    `<header id="verdict" class="banner ${verdict.status}"` +
      attribute('data-status', verdict.status) +
      attribute('data-kind', verdict.kind) +
      attribute('data-invariant', verdict.invariant) +
      attribute('data-time', verdict.time) +
      attribute('data-node', verdict.node) +
      attribute('data-stuck-op', verdict.stuckOp) +
      attribute('data-seed', verdict.seed) +
      '>',
    `<div class="badge">${verdict.status === 'pass' ? '✓ PASS' : '✗ FAIL'}</div>`,
    '<div class="banner-body">',
    `<h1>${escapeHtml(verdictHeadline(verdict))}</h1>`,
    `<p class="verdict-message">${escapeHtml(verdict.message)}</p>`,
    checkerDetail(data),
    `<dl class="facts">${facts.join('')}</dl>`,
    '<div class="replay"><span class="prompt">$</span>' +
      `<code id="replay-command">${escapeHtml(verdict.replayCommand)}</code>` +
      '<button type="button" id="copy-replay" title="Copy the replay command">copy</button></div>',
    '</div>',
    '</header>',
  ].join('\n');
}
