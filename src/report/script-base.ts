/**
 * Client-side script, part 1 of 7: data, the shared time scale and drawing
 * helpers. The parts are plain ES2017 source text (no imports, no template
 * literals) concatenated into one IIFE by report-script.ts, so the page needs
 * nothing but itself. They share the IIFE's scope: `view` and `xOf` defined
 * here are what puts every panel on the same simulated-time axis.
 */

export const SCRIPT_BASE = String.raw`
var data = JSON.parse(document.getElementById('report-data').textContent);
/** The inverse of packOps (pack-ops.ts): operations travel as columns, the page wants objects. */
data.history.ops = (function unpackOps(p) {
  var outcomes = { o: 'ok', f: 'failed', u: 'unknown' };
  return p.client.map(function (client, id) {
    var call = p.call[id], duration = p.duration[id];
    var flat = p.attempts[id], attempts = flat.length ? [[call, flat[0]]] : [];
    for (var i = 1; i + 1 < flat.length; i += 2) attempts.push([flat[i], flat[i + 1]]);
    return { id: id, client: client, call: call, 'return': duration < 0 ? null : call + duration,
      key: p.keys[p.key[id]], input: p.input[id], output: p.output[id], outcome: outcomes[p.outcome[id]],
      attempts: attempts, answeredBy: p.answeredBy[id] < 0 ? null : p.answeredBy[id] };
  });
})(data.history.packedOps);
delete data.history.packedOps;
/** The inverse of packEvents (pack-events.ts). */
data.lanes.forEach(function (lane) {
  var kinds = { c: 'crash', r: 'restart', s: 'snapshot-taken', i: 'snapshot-installed', t: 'torn-write' };
  var p = lane.packedEvents;
  lane.events = p.time.map(function (time, i) { return { time: time, kind: kinds[p.kind[i]], detail: p.detail[i] }; });
  delete lane.packedEvents;
});
var NS = 'http://www.w3.org/2000/svg';
var run = data.run;
var verdict = data.verdict;
var GUTTER = 96;
var RIGHT = 14;
var MIN_SPAN = 1;
var view = { t0: run.start, t1: Math.max(run.end, run.start + MIN_SPAN) };
var width = 1000;
var cursorTime = null;

/**
 * Colours come from the stylesheet's custom properties, read once: reading
 * computed style while drawing would force a style recalculation per element.
 */
var colorCache = {};
var rootStyle = getComputedStyle(document.documentElement);
function cssColor(name) {
  if (!(name in colorCache)) colorCache[name] = rootStyle.getPropertyValue(name).trim();
  return colorCache[name];
}
var ROLE_COLOR = {
  leader: cssColor('--leader'), candidate: cssColor('--candidate'),
  follower: cssColor('--follower'), down: cssColor('--down')
};
var ROLE_SHORT = { leader: 'L', candidate: 'C', follower: 'F', down: 'down' };

function plotWidth() { return Math.max(50, width - GUTTER - RIGHT); }
function xOf(t) { return GUTTER + (t - view.t0) / (view.t1 - view.t0) * plotWidth(); }
function tOf(x) { return view.t0 + (x - GUTTER) / plotWidth() * (view.t1 - view.t0); }
function clampX(x) { return Math.max(GUTTER - 4, Math.min(width - RIGHT + 4, x)); }
function visible(start, end) { return end >= view.t0 && start <= view.t1; }

function svgEl(tag, attrs, parent) {
  var node = document.createElementNS(NS, tag);
  for (var name in attrs) if (attrs[name] !== null && attrs[name] !== undefined) node.setAttribute(name, attrs[name]);
  if (parent) parent.appendChild(node);
  return node;
}
function textEl(text, attrs, parent) {
  var node = svgEl('text', attrs, parent);
  node.textContent = text;
  return node;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
function esc(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
  });
}

/** A clipped plot group for one panel: nothing drawn outside the time axis shows. */
function plotGroup(svg, id, height) {
  var defs = svgEl('defs', {}, svg);
  var clip = svgEl('clipPath', { id: id }, defs);
  // A little room past the last instant, so a marker at the very end of the run shows whole.
  svgEl('rect', { x: GUTTER - 2, y: 0, width: plotWidth() + RIGHT, height: height }, clip);
  return svgEl('g', { 'clip-path': 'url(#' + id + ')' }, svg);
}

function fmtTime(ms) { return (ms / 1000).toFixed(3) + ' s'; }
function fmtDuration(ms) {
  if (ms < 1) return ms.toFixed(2) + ' ms';
  if (ms < 1000) return Math.round(ms) + ' ms';
  return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
}
function fmtCount(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }

/** Tick positions at 1, 2 or 5 times a power of ten, about one per 110 px. */
function ticks() {
  var span = view.t1 - view.t0;
  var raw = span / Math.max(2, plotWidth() / 110);
  var power = Math.pow(10, Math.floor(Math.log10(raw)));
  var m = raw / power;
  var step = (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * power;
  var decimals = Math.max(0, Math.min(6, Math.ceil(-Math.log10(step / 1000) - 1e-9)));
  var list = [];
  for (var t = Math.ceil(view.t0 / step) * step; t <= view.t1 + 1e-9; t += step) list.push(t);
  return { list: list, label: function (t) { return (t / 1000).toFixed(decimals) + ' s'; } };
}
function drawGrid(group, height) {
  ticks().list.forEach(function (t) {
    var x = xOf(t);
    svgEl('line', { x1: x, x2: x, y1: 0, y2: height, 'class': 'grid' }, group);
  });
}

/** The red failure line (and a cursor line) that every panel draws at the same time. */
function drawFailureLine(group, height) {
  if (verdict.time === null) return;
  var x = xOf(verdict.time);
  svgEl('line', { x1: x, x2: x, y1: 0, y2: height, 'class': 'failure-line' }, group);
}
/**
 * For a linearizability failure: a light red band over the stuck op's
 * lifetime in every panel, so what the cluster was doing meanwhile lines up.
 */
function drawStuckBand(group, height, labelled) {
  var h = data.history, id = verdict.stuckOp;
  if (id === null || !h.ops[id]) return;
  var op = h.ops[id];
  var end = op.return === null ? run.end : op.return;
  if (!visible(op.call, end)) return;
  var x1 = clampX(xOf(op.call)), x2 = clampX(xOf(end));
  svgEl('rect', { x: x1, y: 0, width: Math.max(2, x2 - x1), height: height, fill: 'rgba(214,58,58,0.10)', 'pointer-events': 'none', 'data-stuck-band': '' }, group);
  if (labelled) {
    var label = textEl('stuck op #' + id, { x: x2 + 3, y: 10, 'class': 'sub-label', 'pointer-events': 'none' }, group);
    label.style.fill = cssColor('--fail');
    label.style.fontWeight = '600';
  }
}

/** Phase changes (e.g. the liveness phase: faults healed) as dashed lines across every panel. */
function drawPhaseLines(group, height, labelled) {
  run.phases.forEach(function (phase, i) {
    if (!visible(phase.time, phase.time)) return;
    var x = xOf(phase.time);
    var g = svgEl('g', { 'data-tip': 'phase:' + i, 'data-phase': phase.name }, group);
    svgEl('line', { x1: x, x2: x, y1: 0, y2: height, stroke: '#0f766e', 'stroke-width': 1.5, 'stroke-dasharray': '6 3' }, g);
    svgEl('rect', { x: x - 4, y: 0, width: 8, height: height, fill: 'transparent' }, g);
    if (labelled) textEl(phase.name + ' phase →', { x: x + 4, y: 10, 'class': 'sub-label' }, g).style.fill = '#0f766e';
  });
}
function drawCursorLine(svg, height) {
  svgEl('line', { x1: -10, x2: -10, y1: 0, y2: height, 'class': 'cursor-line', 'data-cursor': '' }, svg);
}

/** First index i of sorted objects with key(objects[i]) >= t. */
function lowerBound(items, t, key) {
  var lo = 0, hi = items.length;
  while (lo < hi) { var mid = (lo + hi) >>> 1; if (key(items[mid]) < t) lo = mid + 1; else hi = mid; }
  return lo;
}

var laneByNode = {};
data.lanes.forEach(function (lane) { laneByNode[lane.node] = lane; });

/** What a node looked like at time t: role, term and commit index. */
function nodeStateAt(lane, t) {
  var seg = null;
  for (var i = 0; i < lane.segments.length; i++) {
    var s = lane.segments[i];
    if (s.start <= t && t <= s.end) { seg = s; if (t < s.end) break; }
  }
  var ci = lowerBound(lane.commits, t + 1e-9, function (p) { return p[0]; }) - 1;
  return { segment: seg, commit: ci >= 0 ? lane.commits[ci][1] : 0 };
}
`;
