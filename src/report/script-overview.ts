/**
 * Client-side script, part 5 of 7: the overview of the whole run (node roles
 * in miniature, the message traffic histogram, the message window and the
 * failure), with the current view as a brush: drag on it to choose what the
 * panels below show, click to move there.
 */

export const SCRIPT_OVERVIEW = String.raw`
var OVERVIEW_ROW = 9, TRAFFIC_HEIGHT = 30;
function oxOf(t) { return GUTTER + (t - run.start) / Math.max(MIN_SPAN, run.end - run.start) * plotWidth(); }
function otOf(x) { return run.start + (x - GUTTER) / plotWidth() * Math.max(MIN_SPAN, run.end - run.start); }
var overviewHeight = 8 + data.lanes.length * (OVERVIEW_ROW + 2) + 6 + TRAFFIC_HEIGHT + 16;
var brushDrag = null;

function renderOverview() {
  var svg = document.getElementById('overview');
  clear(svg);
  var height = overviewHeight;
  svg.setAttribute('height', height);
  var w = data.messages;
  svgEl('rect', { x: oxOf(w.start), y: 2, width: Math.max(1, oxOf(w.end) - oxOf(w.start)), height: height - 16,
    fill: 'rgba(47,111,223,0.07)', stroke: '#2f6fdf', 'stroke-dasharray': '3 2', 'data-tip': 'window' }, svg);
  data.lanes.forEach(function (lane, i) {
    var y = 8 + i * (OVERVIEW_ROW + 2);
    textEl('n' + lane.node, { x: 12, y: y + 8, 'class': 'sub-label' }, svg).style.fontSize = '9px';
    lane.segments.forEach(function (seg) {
      var x1 = oxOf(seg.start), x2 = oxOf(seg.end);
      svgEl('rect', { x: x1, y: y, width: Math.max(0.6, x2 - x1), height: OVERVIEW_ROW,
        fill: seg.role === 'down' ? ROLE_COLOR.down : ROLE_COLOR[seg.role] }, svg);
    });
  });
  var ty = 8 + data.lanes.length * (OVERVIEW_ROW + 2) + 6;
  textEl('traffic', { x: 12, y: ty + TRAFFIC_HEIGHT - 4, 'class': 'sub-label' }, svg);
  var traffic = w.traffic;
  var peak = 1;
  traffic.sent.forEach(function (n) { if (n > peak) peak = n; });
  var bw = oxOf(run.start + traffic.bucket) - oxOf(run.start);
  var d = '', dd = '', dup = '';
  for (var i = 0; i < traffic.sent.length; i++) {
    var x = oxOf(run.start + i * traffic.bucket);
    var h = traffic.sent[i] / peak * TRAFFIC_HEIGHT;
    var hd = traffic.dropped[i] / peak * TRAFFIC_HEIGHT;
    var hu = traffic.duplicated[i] / peak * TRAFFIC_HEIGHT;
    if (h > 0) d += 'M' + x + ' ' + (ty + TRAFFIC_HEIGHT) + ' h' + Math.max(0.5, bw - 0.3) + ' v' + (-h) + ' h' + (-Math.max(0.5, bw - 0.3)) + ' Z';
    if (hd > 0) dd += 'M' + x + ' ' + (ty + TRAFFIC_HEIGHT) + ' h' + Math.max(0.5, bw - 0.3) + ' v' + (-Math.max(1, hd)) + ' h' + (-Math.max(0.5, bw - 0.3)) + ' Z';
    if (hu > 0) dup += 'M' + x + ' ' + (ty + TRAFFIC_HEIGHT - hd) + ' h' + Math.max(0.5, bw - 0.3) + ' v' + (-Math.max(1, hu)) + ' h' + (-Math.max(0.5, bw - 0.3)) + ' Z';
  }
  svgEl('path', { d: d || 'M0 0', fill: '#b8c4d6' }, svg);
  svgEl('path', { d: dd || 'M0 0', fill: cssColor('--fail') }, svg);
  svgEl('path', { d: dup || 'M0 0', fill: '#7c3aed' }, svg);
  // Whole-run axis labels at both ends.
  textEl(fmtTime(run.start), { x: GUTTER, y: height - 3, 'class': 'sub-label' }, svg);
  textEl(fmtTime(run.end), { x: width - RIGHT, y: height - 3, 'class': 'sub-label', 'text-anchor': 'end' }, svg);
  if (w.start > run.start || w.end < run.end) {
    // Kept clear of the run's start and end labels at the two corners.
    var lx = Math.max(GUTTER + 56, Math.min(width - RIGHT - 150, oxOf(w.start) + 3));
    textEl('message window', { x: lx, y: height - 3, 'class': 'sub-label' }, svg).style.fill = '#2f6fdf';
  }
  if (verdict.time !== null) {
    var fx = oxOf(verdict.time);
    svgEl('line', { x1: fx, x2: fx, y1: 0, y2: height - 14, 'class': 'failure-line' }, svg);
  }
  // The brush: the part of the run the panels show.
  var bx1 = oxOf(view.t0), bx2 = oxOf(view.t1);
  svgEl('rect', { x: GUTTER, y: 0, width: Math.max(0, bx1 - GUTTER), height: height - 14, fill: 'rgba(30,41,59,0.10)', 'pointer-events': 'none' }, svg);
  svgEl('rect', { x: bx2, y: 0, width: Math.max(0, width - RIGHT - bx2), height: height - 14, fill: 'rgba(30,41,59,0.10)', 'pointer-events': 'none' }, svg);
  svgEl('rect', { x: bx1, y: 0.5, width: Math.max(2, bx2 - bx1), height: height - 15, fill: 'none', stroke: '#1e293b', 'stroke-width': 1.5, rx: 2,
    'data-brush': '', 'pointer-events': 'none' }, svg);
  svgEl('rect', { x: -10, y: 0, width: 0, height: height - 14, fill: 'rgba(47,111,223,0.18)', 'data-selection': '', 'pointer-events': 'none' }, svg);
}

function installOverviewBrush() {
  var svg = document.getElementById('overview');
  svg.addEventListener('mousedown', function (e) {
    brushDrag = { x0: localX(svg, e) };
    e.preventDefault();
  });
  window.addEventListener('mousemove', function (e) {
    if (!brushDrag) return;
    var x = localX(svg, e);
    var sel = svg.querySelector('[data-selection]');
    if (sel) { sel.setAttribute('x', Math.min(x, brushDrag.x0)); sel.setAttribute('width', Math.abs(x - brushDrag.x0)); }
  });
  window.addEventListener('mouseup', function (e) {
    if (!brushDrag) return;
    var x = localX(svg, e), x0 = brushDrag.x0;
    brushDrag = null;
    if (Math.abs(x - x0) > 3) {
      setView(otOf(Math.min(x, x0)), otOf(Math.max(x, x0)));
    } else {
      var half = (view.t1 - view.t0) / 2, mid = otOf(x);
      setView(mid - half, mid + half);
    }
  });
}
`;
