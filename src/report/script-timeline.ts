/**
 * Client-side script, part 2 of 7: the time axis, the cluster timeline (one
 * lane per node: role and term, crashes, restarts, snapshots, torn writes,
 * commit index) and the fault rows. The failure point lives here, as the one
 * element carrying data-failure-point.
 */

export const SCRIPT_TIMELINE = String.raw`
var LANE_HEIGHT = 48;
var BAND_TOP = 6, BAND_HEIGHT = 18, COMMIT_TOP = 28, COMMIT_HEIGHT = 14;

function renderAxis() {
  var svg = document.getElementById('axis');
  clear(svg);
  svg.setAttribute('height', 26);
  var t = ticks();
  t.list.forEach(function (time) {
    var x = xOf(time);
    var g = svgEl('g', { 'class': 'tick' }, svg);
    svgEl('line', { x1: x, x2: x, y1: 18, y2: 26, stroke: '#9aa4b2' }, g);
    textEl(t.label(time), { x: x, y: 13, 'text-anchor': 'middle' }, g);
  });
  svgEl('line', { x1: GUTTER, x2: width - RIGHT, y1: 25.5, y2: 25.5, stroke: '#9aa4b2' }, svg);
  if (verdict.time !== null) {
    var fx = xOf(verdict.time);
    if (fx >= GUTTER && fx <= width - RIGHT) {
      svgEl('path', { d: 'M' + (fx - 5) + ' 16 L' + (fx + 5) + ' 16 L' + fx + ' 25 Z', fill: cssColor('--fail') }, svg);
    }
  }
  var label = textEl('', { x: -100, y: 13, 'text-anchor': 'middle', 'data-cursor-label': '', 'font-weight': '600' }, svg);
  label.style.fontSize = '10px';
  drawCursorLine(svg, 26);
}

function segmentLabel(seg, w) {
  if (seg.role === 'down') return w > 40 ? 'down' : '';
  if (w > 92) return seg.role + ' · t' + seg.term;
  if (w > 34) return ROLE_SHORT[seg.role] + ' t' + seg.term;
  if (w > 16) return 't' + seg.term;
  return '';
}

/**
 * One node event's glyph as markup: a long run has thousands of snapshot
 * markers per lane, and one innerHTML per lane is far faster than DOM calls.
 */
function nodeEventMarkup(lane, index, y) {
  var ev = lane.events[index];
  var x = xOf(ev.time);
  var cy = y + BAND_TOP + BAND_HEIGHT / 2;
  var parts = ['<g data-tip="event:' + lane.node + ':' + index + '" data-event="' + ev.kind + '">',
    '<circle cx="' + x.toFixed(1) + '" cy="' + cy + '" r="8" fill="transparent"/>'];
  function path(d, attrs) { parts.push('<path d="' + d + '" ' + attrs + '/>'); }
  if (ev.kind === 'crash') {
    var cross = 'M' + (x - 5) + ' ' + (cy - 5) + ' L' + (x + 5) + ' ' + (cy + 5) + ' M' + (x + 5) + ' ' + (cy - 5) + ' L' + (x - 5) + ' ' + (cy + 5);
    path('M' + x + ' ' + (y + 2) + ' V' + (y + BAND_TOP + BAND_HEIGHT + 2), 'stroke="#b42318" stroke-width="2"');
    path(cross, 'stroke="#fff" stroke-width="4.5" stroke-linecap="round"');
    path(cross, 'stroke="#b42318" stroke-width="2.4" stroke-linecap="round"');
  } else if (ev.kind === 'restart') {
    path('M' + (x - 1) + ' ' + (cy - 6) + ' L' + (x + 8) + ' ' + cy + ' L' + (x - 1) + ' ' + (cy + 6) + ' Z', 'fill="#1f7a44" stroke="#fff" stroke-width="1.2"');
  } else if (ev.kind === 'snapshot-taken' || ev.kind === 'snapshot-installed') {
    var sy = y + BAND_TOP + BAND_HEIGHT;
    path('M' + x.toFixed(1) + ' ' + (sy - 6) + ' l5 6 l-5 6 l-5 -6 Z',
      'fill="' + (ev.kind === 'snapshot-taken' ? '#7c3aed' : '#fff') + '" stroke="#7c3aed" stroke-width="1.6"');
  } else if (ev.kind === 'torn-write') {
    path('M' + x + ' ' + (y + 1) + ' L' + (x + 6) + ' ' + (y + 11) + ' L' + (x - 6) + ' ' + (y + 11) + ' Z', 'fill="#f97316" stroke="#fff" stroke-width="1"');
    parts.push('<text x="' + x + '" y="' + (y + 10) + '" text-anchor="middle" font-size="8" font-weight="700" style="fill:#fff">!</text>');
  }
  parts.push('</g>');
  return parts.join('');
}

function renderLanes() {
  var svg = document.getElementById('lanes');
  clear(svg);
  var height = data.lanes.length * LANE_HEIGHT + 6;
  svg.setAttribute('height', height);
  var g = plotGroup(svg, 'clip-lanes', height);
  drawGrid(g, height);
  drawStuckBand(g, height, true);
  var commitRange = commitRangeInView();
  data.lanes.forEach(function (lane, i) {
    var y = 4 + i * LANE_HEIGHT;
    var laneGroup = svgEl('g', { 'data-lane': lane.node }, g);
    textEl('n' + lane.node, { x: 12, y: y + BAND_TOP + 13, 'class': 'lane-label' }, svg);
    textEl('commit', { x: 12, y: y + COMMIT_TOP + 11, 'class': 'sub-label' }, svg);
    lane.segments.forEach(function (seg, k) {
      if (!visible(seg.start, seg.end)) return;
      var x1 = clampX(xOf(seg.start)), x2 = clampX(xOf(seg.end));
      var w = Math.max(0.8, x2 - x1);
      svgEl('rect', { x: x1, y: y + BAND_TOP, width: w, height: BAND_HEIGHT, rx: 2,
        fill: seg.role === 'down' ? 'url(#hatch-down)' : ROLE_COLOR[seg.role],
        'data-tip': 'segment:' + lane.node + ':' + k, 'data-role': seg.role }, laneGroup);
      var label = segmentLabel(seg, w);
      if (label) {
        textEl(label, { x: x1 + 5, y: y + BAND_TOP + 13, 'class': 'seg-label' + (seg.role === 'follower' ? ' dark' : '') }, laneGroup);
      }
    });
    drawCommitLine(laneGroup, lane, y, commitRange);
    // Snapshot markers closer than 3 px to the previous one of their kind add
    // nothing visible (a long run has thousands): draw the first of each cluster.
    var first = lowerBound(lane.events, view.t0, function (ev) { return ev.time; });
    var markup = [];
    var lastX = {};
    for (var k = first; k < lane.events.length && lane.events[k].time <= view.t1; k++) {
      var ev = lane.events[k];
      var ex = xOf(ev.time);
      var merge = ev.kind.indexOf('snapshot') === 0 && lastX[ev.kind] !== undefined && ex - lastX[ev.kind] < 3;
      if (!merge) { markup.push(nodeEventMarkup(lane, k, y)); lastX[ev.kind] = ex; }
    }
    svgEl('g', {}, laneGroup).innerHTML = markup.join('');
  });
  drawPhaseLines(g, height, false);
  drawFailurePoint(g, height);
  drawCursorLine(svg, height);
}

/**
 * Commit index as a step line. The y scale is the range of commit indexes in
 * view, shared by all lanes, so progress (and a lagging or reset node) shows
 * at any zoom; the values at both edges of the view are written out.
 */
function commitRangeInView() {
  var lo = Infinity, hi = -Infinity;
  data.lanes.forEach(function (lane) {
    var pts = lane.commits;
    var first = Math.max(0, lowerBound(pts, view.t0, function (p) { return p[0]; }) - 1);
    var last = Math.min(pts.length, lowerBound(pts, view.t1, function (p) { return p[0]; }));
    for (var i = first; i < last; i++) { lo = Math.min(lo, pts[i][1]); hi = Math.max(hi, pts[i][1]); }
  });
  if (lo === Infinity) { lo = 0; hi = 1; }
  if (hi === lo) { lo = Math.max(0, lo - 1); hi = hi + 1; }
  return { lo: lo, hi: hi };
}

function drawCommitLine(group, lane, y, range) {
  var base = y + COMMIT_TOP + COMMIT_HEIGHT - 1;
  svgEl('rect', { x: GUTTER, y: y + COMMIT_TOP, width: plotWidth(), height: COMMIT_HEIGHT, fill: '#f5f7fb',
    'data-tip': 'commit:' + lane.node }, group);
  var points = lane.commits;
  var first = Math.max(0, lowerBound(points, view.t0, function (p) { return p[0]; }) - 1);
  var last = Math.min(points.length, lowerBound(points, view.t1, function (p) { return p[0]; }) + 1);
  function yOf(v) { return base - (v - range.lo) / (range.hi - range.lo) * (COMMIT_HEIGHT - 2); }
  var startValue = first > 0 ? points[first - 1][1] : 0;
  var d = 'M' + clampX(xOf(run.start)) + ' ' + yOf(startValue);
  for (var i = first; i < last; i++) {
    var x = clampX(xOf(points[i][0]));
    d += ' H' + x + ' V' + yOf(points[i][1]);
  }
  d += ' H' + clampX(xOf(run.end));
  svgEl('path', { d: d, fill: 'none', stroke: cssColor('--commit'), 'stroke-width': 1.4, 'pointer-events': 'none' }, group);
  var atStart = nodeStateAt(lane, view.t0).commit, atEnd = nodeStateAt(lane, view.t1).commit;
  textEl(String(atStart), { x: GUTTER + 3, y: y + COMMIT_TOP + 10, 'class': 'sub-label', 'pointer-events': 'none' }, group);
  textEl(String(atEnd), { x: width - RIGHT - 3, y: y + COMMIT_TOP + 10, 'class': 'sub-label', 'text-anchor': 'end', 'pointer-events': 'none' }, group);
}

/** The one element tests look for: the failure time, node and (for linearizability) the stuck op. */
function drawFailurePoint(group, height) {
  if (verdict.status !== 'fail' || verdict.time === null) return;
  var x = xOf(verdict.time);
  var g = svgEl('g', { 'data-failure-point': '', 'data-time': verdict.time, 'data-kind': verdict.kind,
    'data-node': verdict.node === null ? null : verdict.node,
    'data-stuck-op': verdict.stuckOp === null ? null : verdict.stuckOp, 'data-tip': 'failure' }, group);
  svgEl('line', { x1: x, x2: x, y1: 0, y2: height, 'class': 'failure-line' }, g);
  svgEl('rect', { x: x - 4, y: 0, width: 8, height: height, fill: 'transparent' }, g);
  var index = -1;
  data.lanes.forEach(function (lane, i) { if (lane.node === verdict.node) index = i; });
  if (index >= 0) {
    var cy = 4 + index * LANE_HEIGHT + BAND_TOP + BAND_HEIGHT / 2;
    svgEl('circle', { cx: x, cy: cy, r: 9, fill: 'none', stroke: cssColor('--fail'), 'stroke-width': 2.5 }, g);
    svgEl('circle', { cx: x, cy: cy, r: 3, fill: cssColor('--fail') }, g);
  }
}

var FAULT_STYLE = {
  partition: { fill: '#f9d4d8', stroke: '#d9534f', label: 'partition' },
  drop: { fill: '#fde3c3', stroke: '#e8890c', label: 'drop' },
  duplicate: { fill: '#e6dcfb', stroke: '#7c3aed', label: 'duplicate' },
  reorder: { fill: '#d6eafb', stroke: '#2b7bd1', label: 'reorder' },
  delay: { fill: '#e3e6ea', stroke: '#7b8594', label: 'delay' }
};
var FAULT_ROW = 22;

function faultRows() {
  var rows = [];
  ['partition', 'drop', 'duplicate', 'reorder', 'delay'].forEach(function (kind) {
    var items = [];
    data.faults.forEach(function (f, i) { if (f.kind === kind) items.push(i); });
    if (items.length) rows.push({ kind: kind, items: items });
  });
  var torn = [];
  data.lanes.forEach(function (lane) {
    lane.events.forEach(function (ev, k) { if (ev.kind === 'torn-write') torn.push({ lane: lane, index: k }); });
  });
  if (torn.length) rows.push({ kind: 'torn-write', torn: torn });
  return rows;
}

function renderFaults() {
  var svg = document.getElementById('faults');
  clear(svg);
  var rows = faultRows();
  var height = Math.max(1, rows.length) * FAULT_ROW + 8;
  svg.setAttribute('height', height);
  var g = plotGroup(svg, 'clip-faults', height);
  drawGrid(g, height);
  drawStuckBand(g, height, false);
  if (!rows.length) textEl('no partitions, loss bursts or torn writes in this run (crashes are on the node lanes)', { x: GUTTER + 8, y: 19, 'class': 'sub-label' }, g);
  rows.forEach(function (row, r) {
    var y = 4 + r * FAULT_ROW;
    textEl(row.kind === 'torn-write' ? 'torn write' : FAULT_STYLE[row.kind].label, { x: 12, y: y + 14, 'class': 'sub-label' }, svg);
    if (row.torn) {
      row.torn.forEach(function (t) {
        var ev = t.lane.events[t.index];
        if (!visible(ev.time, ev.time)) return;
        var x = xOf(ev.time);
        var tg = svgEl('g', { 'data-tip': 'event:' + t.lane.node + ':' + t.index }, g);
        svgEl('path', { d: 'M' + x + ' ' + (y + 2) + ' L' + (x + 7) + ' ' + (y + 16) + ' L' + (x - 7) + ' ' + (y + 16) + ' Z', fill: '#f97316' }, tg);
        textEl('n' + t.lane.node, { x: x + 9, y: y + 14, 'class': 'sub-label' }, tg);
      });
      return;
    }
    var style = FAULT_STYLE[row.kind];
    row.items.forEach(function (i) {
      var f = data.faults[i];
      if (!visible(f.start, f.end)) return;
      var x1 = clampX(xOf(f.start)), x2 = clampX(xOf(f.end));
      var fg = svgEl('g', { 'data-tip': 'fault:' + i, 'data-fault': f.kind }, g);
      svgEl('rect', { x: x1, y: y + 2, width: Math.max(1.5, x2 - x1), height: FAULT_ROW - 5, rx: 3,
        fill: style.fill, stroke: style.stroke, 'stroke-width': 1 }, fg);
      if (x2 - x1 > f.description.length * 6 + 10) {
        textEl(f.description, { x: Math.max(x1, GUTTER) + 5, y: y + 14, 'class': 'op-label' }, fg);
      }
    });
  });
  drawPhaseLines(g, height, true);
  drawFailureLine(g, height);
  drawCursorLine(svg, height);
}
`;
