/**
 * Client-side script, part 4 of 7: the client history. One row per client
 * (a retired client's successors share its row), one bar per operation from
 * call to return, coloured by outcome, a tick at each retry; for a
 * linearizability failure the failing key's longest linearizable prefix is
 * outlined and numbered in linearization order, and the op the checker got
 * stuck on is red. Operations on other keys fade so the failing key stands out.
 */

export const SCRIPT_HISTORY = String.raw`
var HIST_ROW = 20, HIST_TOP = 6, BAR = 14;
var history = data.history;
var checker = history.checker;
var clientRow = {};
history.rows.forEach(function (clients, i) { clients.forEach(function (c) { clientRow[c] = i; }); });
var prefixRank = {};
if (checker) checker.longestPrefix.forEach(function (id, i) { prefixRank[id] = i + 1; });
var failingKey = checker && checker.result === 'not-linearizable' ? checker.partition : null;
var focusKey = failingKey !== null;
var opsByCall = history.ops.slice().sort(function (a, b) { return a.call - b.call; });
/**
 * Where a bar ends: its return, or for an op never answered, the next op in
 * its row (the retired client's successor), else the end of the run. The op
 * may take effect at any time after its call; the tooltip says so.
 */
var visualEnd = {};
(function computeVisualEnds() {
  var nextCall = {};
  for (var i = opsByCall.length - 1; i >= 0; i--) {
    var op = opsByCall[i], row = clientRow[op.client] || 0;
    visualEnd[op.id] = op.return !== null ? op.return : (row in nextCall ? Math.max(op.call, nextCall[row]) : run.end);
    nextCall[row] = op.call;
  }
})();
var maxOpLength = 0;
history.ops.forEach(function (op) { maxOpLength = Math.max(maxOpLength, visualEnd[op.id] - op.call); });

function opEnd(op) { return visualEnd[op.id]; }
function opLabel(op) { return op.input + (op.output === null ? ' → ?' : ' → ' + op.output); }

function renderHistory() {
  var svg = document.getElementById('history');
  clear(svg);
  var height = HIST_TOP + Math.max(1, history.rows.length) * HIST_ROW + 6;
  svg.setAttribute('height', height);
  var g = plotGroup(svg, 'clip-history', height);
  drawGrid(g, height);
  drawStuckBand(g, height, false);
  history.rows.forEach(function (clients, i) {
    var y = HIST_TOP + i * HIST_ROW;
    if (i % 2 === 1) svgEl('rect', { x: GUTTER, y: y - 3, width: plotWidth(), height: HIST_ROW, fill: '#fafbfc' }, g);
    var label = 'c' + clients[0] + (clients.length > 1 ? ' +' + (clients.length - 1) : '');
    textEl(label, { x: 12, y: y + 11, 'class': 'lane-label', 'data-tip': 'row:' + i, 'data-row': i }, svg);
  });
  // Only ops that can reach the view: call in [t0 - longest op, t1].
  var first = lowerBound(opsByCall, view.t0 - maxOpLength, function (op) { return op.call; });
  var last = lowerBound(opsByCall, view.t1 + 1e-9, function (op) { return op.call; });
  // Bars are built as one markup string: far faster than one DOM call per
  // attribute when a zoomed-out long run has tens of thousands of them.
  // Ops narrower than DENSE_PX merge into one path per row and style, so a
  // whole long run still draws every op without one element per op.
  var markup = [];
  var dense = {};
  var stuck = null;
  for (var i = first; i < last; i++) {
    var op = opsByCall[i];
    if (checker && op.id === checker.stuckOp) { stuck = op; continue; }
    if (opEnd(op) < view.t0) continue;
    if (xOf(opEnd(op)) - xOf(op.call) < DENSE_PX) addDense(dense, op);
    else opMarkup(markup, op);
  }
  Object.keys(dense).forEach(function (k) { markup.push(denseMarkup(dense[k])); });
  // The stuck op is always drawn (last, on top) so the failure point can be found at any zoom.
  if (checker && checker.stuckOp !== null) opMarkup(markup, stuck || history.ops[checker.stuckOp]);
  var bars = svgEl('g', {}, g);
  bars.innerHTML = markup.join('');
  drawPhaseLines(g, height, false);
  drawFailureLine(g, height);
  drawCursorLine(svg, height);
}

var DENSE_PX = 3;

function opStyle(op) {
  var inPrefix = prefixRank[op.id] !== undefined && failingKey !== null;
  var fill = op.outcome === 'ok' ? cssColor('--ok') : op.outcome === 'unknown' ? 'url(#unknown-fade)' : cssColor('--failed-op');
  var stroke = op.outcome === 'ok' ? cssColor('--ok-edge') : op.outcome === 'unknown' ? cssColor('--unknown-edge') : '#9aa3af';
  return { inPrefix: inPrefix, fill: fill, stroke: inPrefix ? cssColor('--prefix-edge') : stroke,
    faded: focusKey && !(failingKey !== null && op.key === failingKey) };
}

/** Adds a narrow op to its row's merged path; touching or overlapping spans join. */
function addDense(dense, op) {
  var style = opStyle(op);
  var row = clientRow[op.client] || 0;
  var k = row + '|' + op.outcome + '|' + style.inPrefix + '|' + style.faded;
  var group = dense[k] || (dense[k] = { row: row, client: op.client, style: style, spans: [], count: 0 });
  var x1 = xOf(op.call), x2 = Math.max(x1 + 1, xOf(opEnd(op)));
  var lastSpan = group.spans[group.spans.length - 1];
  if (lastSpan && x1 <= lastSpan[1] + 0.5) lastSpan[1] = Math.max(lastSpan[1], x2);
  else group.spans.push([x1, x2]);
  group.count++;
}

function denseMarkup(group) {
  var y = HIST_TOP + group.row * HIST_ROW;
  var d = group.spans.map(function (sp) {
    return 'M' + sp[0].toFixed(1) + ' ' + y + 'h' + (sp[1] - sp[0]).toFixed(1) + 'v' + BAR + 'h' + (sp[0] - sp[1]).toFixed(1) + 'Z';
  }).join('');
  var fill = group.style.inPrefix ? cssColor('--prefix-edge') : group.style.stroke;
  return '<path' + attr('d', d) + attr('fill', fill) + (group.style.faded ? attr('opacity', 0.28) : '') +
    attr('data-dense', group.count) + attr('data-tip', 'dense:' + group.client) + '/>';
}

function attr(name, value) { return ' ' + name + '="' + value + '"'; }

function opMarkup(out, op) {
  var y = HIST_TOP + (clientRow[op.client] || 0) * HIST_ROW;
  var x1 = clampX(xOf(op.call)), x2 = clampX(xOf(opEnd(op)));
  var w = Math.max(2, x2 - x1);
  var isStuck = checker && op.id === checker.stuckOp;
  var style = opStyle(op);
  var inPrefix = style.inPrefix;
  var fill = isStuck ? cssColor('--fail') : style.fill;
  var stroke = style.stroke;
  var strokeWidth = inPrefix ? 1.8 : 1;
  var rect = '<rect' + attr('x', x1.toFixed(1)) + attr('y', y) + attr('width', w.toFixed(1)) + attr('height', BAR) + attr('rx', 2.5) +
    attr('fill', fill) + attr('stroke', stroke) + attr('stroke-width', strokeWidth) +
    (op.outcome === 'unknown' ? attr('stroke-dasharray', '4 2') : '') +
    (style.faded ? attr('opacity', 0.28) : '') +
    attr('data-op-id', op.id) + attr('data-outcome', op.outcome) + attr('data-tip', 'op:' + op.id) +
    (inPrefix ? attr('data-prefix', prefixRank[op.id]) : '') +
    (isStuck ? attr('class', 'stuck-op') + attr('data-stuck', '') : '') + '/>';
  out.push(rect);
  // A tick at each retry: the client gave up waiting on one node and asked another.
  for (var a = 1; a < op.attempts.length; a++) {
    var rx = xOf(op.attempts[a][0]);
    if (rx > x1 + 1 && rx < x1 + w - 1) out.push('<path d="M' + rx.toFixed(1) + ' ' + (y + BAR - 4) + 'v4" stroke="#4b5563" stroke-opacity="0.6" stroke-width="1" pointer-events="none"/>');
  }
  var label = (inPrefix ? prefixRank[op.id] + '. ' : '') + opLabel(op);
  var room = Math.floor((w - 8) / 5.6);
  if (room >= 4) {
    var text = label.length > room ? label.slice(0, room - 1) + '…' : label;
    out.push('<text class="op-label"' + attr('x', (Math.max(x1, GUTTER) + 4).toFixed(1)) + attr('y', y + 10.5) +
      (isStuck ? attr('style', 'fill:#fff') : '') + (style.faded ? attr('opacity', 0.4) : '') + '>' + esc(text) + '</text>');
  }
}

function renderHistoryLegend() {
  var box = document.getElementById('history-legend');
  clear(box);
  var keys = [
    ['background:' + cssColor('--ok') + ';border:1px solid ' + cssColor('--ok-edge'), 'ok'],
    ['background:linear-gradient(90deg,' + cssColor('--unknown') + ',transparent);border:1px dashed ' + cssColor('--unknown-edge'), 'no answer (outcome unknown)'],
    ['background:' + cssColor('--failed-op'), 'failed']
  ];
  if (failingKey !== null) {
    keys.push(['background:#fff;border:2px solid ' + cssColor('--prefix-edge'), 'in the longest linearizable prefix (numbered in order)']);
    keys.push(['background:' + cssColor('--fail'), 'stuck: cannot be linearized after the prefix']);
  }
  keys.forEach(function (k) {
    var key = document.createElement('span');
    key.className = 'key';
    key.innerHTML = '<span class="swatch" style="' + k[0] + '"></span>' + esc(k[1]);
    box.appendChild(key);
  });
  if (failingKey !== null) {
    var toggle = document.createElement('span');
    toggle.className = 'key toggle' + (focusKey ? '' : ' off');
    toggle.innerHTML = '<input type="checkbox"' + (focusKey ? ' checked' : '') + '> fade keys other than ' + esc(JSON.stringify(failingKey));
    toggle.addEventListener('click', function (e) { e.preventDefault(); focusKey = !focusKey; renderHistoryLegend(); requestRender(); });
    box.appendChild(toggle);
  }
}
`;
