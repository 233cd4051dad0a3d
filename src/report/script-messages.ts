/**
 * Client-side script, part 3 of 7: the message diagram. Space-time arrows
 * between node lanes, for the messages the report kept (one window of the
 * run); outside that window the panel is hatched, and the whole run's traffic
 * is in the overview. Thin arrows are hard to hover, so hovering picks the
 * arrow nearest to the mouse instead of relying on hit-testing.
 */

export const SCRIPT_MESSAGES = String.raw`
var MSG_LANE = 46, MSG_TOP = 16;
var KIND_PALETTE = ['#2f6fdf', '#e0771b', '#8e44ad', '#16a085', '#c0392b', '#7f8c8d', '#d4a017', '#2c3e50'];
var kindColor = {};
var kindCount = {};
var hiddenKinds = {};
data.messages.messages.forEach(function (m) { kindCount[m.kind] = (kindCount[m.kind] || 0) + 1; });
/** A request and its response share a hue; the response is lighter. */
(function assignKindColors() {
  var bases = [];
  Object.keys(kindCount).forEach(function (kind) {
    var base = kind.replace(/(Response|Reply|Resp|Ack)$/, '');
    if (bases.indexOf(base) < 0) bases.push(base);
  });
  bases.sort();
  var known = { AppendEntries: 0, RequestVote: 1, InstallSnapshot: 2 };
  var next = 3;
  var baseColor = {};
  bases.forEach(function (base) {
    baseColor[base] = KIND_PALETTE[base in known ? known[base] : (next++ % KIND_PALETTE.length)];
  });
  Object.keys(kindCount).forEach(function (kind) {
    var base = kind.replace(/(Response|Reply|Resp|Ack)$/, '');
    kindColor[kind] = base === kind ? baseColor[base] : lighten(baseColor[base]);
  });
})();
function lighten(hex) {
  var n = parseInt(hex.slice(1), 16);
  var r = (n >> 16) & 255, g = (n >> 8) & 255, b = n & 255;
  function mix(c) { return Math.round(c + (255 - c) * 0.45); }
  return 'rgb(' + mix(r) + ',' + mix(g) + ',' + mix(b) + ')';
}

/** Typical delivery latency, used to draw messages that never arrived as short stubs. */
var stubLength = (function () {
  var lat = [];
  data.messages.messages.forEach(function (m) { if (m.received !== null) lat.push(m.received - m.sent); });
  lat.sort(function (a, b) { return a - b; });
  var median = lat.length ? lat[lat.length >> 1] : (data.messages.end - data.messages.start) / 50;
  return Math.max(median * 0.6, 0.001);
})();

var msgLaneIndex = {};
data.lanes.forEach(function (lane, i) { msgLaneIndex[lane.node] = i; });
function msgY(node) { return MSG_TOP + (msgLaneIndex[node] || 0) * MSG_LANE; }

/** Endpoints of a message's arrow in page coordinates; undelivered ones stop part way. */
function messageGeometry(m) {
  var y1 = msgY(m.from), y2 = msgY(m.to);
  if (m.received !== null) return { x1: xOf(m.sent), y1: y1, x2: xOf(m.received), y2: y2, end: m.received };
  var end = m.sent + stubLength;
  return { x1: xOf(m.sent), y1: y1, x2: xOf(end), y2: y1 + (y2 - y1) * 0.45, end: end };
}

var drawnMessages = [];

function renderMessages() {
  var svg = document.getElementById('messages');
  clear(svg);
  var height = MSG_TOP + (data.lanes.length - 1) * MSG_LANE + 18;
  svg.setAttribute('height', height);
  var g = plotGroup(svg, 'clip-messages', height);
  drawGrid(g, height);
  drawStuckBand(g, height, false);
  var w = data.messages;
  [[run.start, w.start], [w.end, run.end]].forEach(function (range) {
    if (range[1] <= range[0] || !visible(range[0], range[1])) return;
    var x1 = clampX(xOf(range[0])), x2 = clampX(xOf(range[1]));
    svgEl('rect', { x: x1, y: 0, width: Math.max(0, x2 - x1), height: height, 'class': 'outside-window' }, g);
    if (x2 - x1 > 190) {
      textEl('messages not kept here (outside the window)', { x: (x1 + x2) / 2, y: height / 2 + 4, 'text-anchor': 'middle', 'class': 'sub-label' }, g);
    }
  });
  data.lanes.forEach(function (lane) {
    var y = msgY(lane.node);
    textEl('n' + lane.node, { x: 12, y: y + 4, 'class': 'lane-label' }, svg);
    lane.segments.forEach(function (seg) {
      if (!visible(seg.start, seg.end)) return;
      var x1 = clampX(xOf(seg.start)), x2 = clampX(xOf(seg.end));
      svgEl('rect', { x: x1, y: y - 2.5, width: Math.max(0.5, x2 - x1), height: 5,
        fill: seg.role === 'down' ? 'url(#hatch-down)' : ROLE_COLOR[seg.role] }, g);
    });
  });
  drawnMessages = [];
  w.messages.forEach(function (m, i) {
    if (hiddenKinds[m.kind]) return;
    var geo = messageGeometry(m);
    if (visible(m.sent, geo.end)) drawnMessages.push({ index: i, geo: geo });
  });
  // Dense traffic (heartbeats) fades into a texture so that drops, duplicates
  // and the rare message kinds stand out; zooming in brings it back.
  var ordinaryOpacity = Math.max(0.3, Math.min(1, 350 / Math.max(1, drawnMessages.length)));
  var inView = {};
  drawnMessages.forEach(function (d) { var k = w.messages[d.index].kind; inView[k] = (inView[k] || 0) + 1; });
  function faded(m) { return !m.dropped && !m.duplicate && inView[m.kind] > drawnMessages.length * 0.1; }
  var arrows = svgEl('g', {}, g);
  drawnMessages.forEach(function (d) {
    var i = d.index, m = w.messages[i], geo = d.geo;
    var color = kindColor[m.kind];
    var attrs = { x1: geo.x1, y1: geo.y1, x2: geo.x2, y2: geo.y2, stroke: color, 'stroke-width': 1.3,
      'data-message': i };
    if (m.duplicate) { attrs.stroke = '#7c3aed'; attrs['stroke-dasharray'] = '5 3'; attrs['data-duplicate'] = ''; }
    if (m.dropped) { attrs.stroke = cssColor('--fail'); attrs['stroke-dasharray'] = '2 2'; attrs['data-dropped'] = ''; }
    else if (m.received === null) { attrs.stroke = '#9aa4b2'; attrs['stroke-dasharray'] = '2 3'; }
    if (ordinaryOpacity < 1 && faded(m)) attrs['stroke-opacity'] = ordinaryOpacity.toFixed(2);
    svgEl('line', attrs, arrows);
    if (m.dropped) {
      var x = geo.x2, y = geo.y2;
      svgEl('path', { d: 'M' + (x - 4) + ' ' + (y - 4) + ' L' + (x + 4) + ' ' + (y + 4) + ' M' + (x + 4) + ' ' + (y - 4) + ' L' + (x - 4) + ' ' + (y + 4),
        stroke: cssColor('--fail'), 'stroke-width': 2 }, arrows);
    } else if (m.received === null) {
      svgEl('circle', { cx: geo.x2, cy: geo.y2, r: 3, fill: '#fff', stroke: '#9aa4b2' }, arrows);
    } else {
      arrowHead(arrows, geo, attrs.stroke, attrs['stroke-opacity']);
      if (m.duplicate) svgEl('circle', { cx: geo.x1, cy: geo.y1, r: 2.5, fill: '#7c3aed' }, arrows);
    }
  });
  svgEl('line', { x1: 0, x2: 0, y1: 0, y2: 0, stroke: '#111827', 'stroke-width': 3, 'data-highlight': '', 'pointer-events': 'none', opacity: 0 }, g);
  drawPhaseLines(g, height, false);
  drawFailureLine(g, height);
  drawCursorLine(svg, height);
}

/** A filled arrowhead at the receiving end, drawn by hand so it takes the arrow's colour everywhere. */
function arrowHead(group, geo, color, opacity) {
  var dx = geo.x2 - geo.x1, dy = geo.y2 - geo.y1;
  var len = Math.sqrt(dx * dx + dy * dy) || 1;
  var ux = dx / len, uy = dy / len, size = Math.min(7, len * 0.6);
  var bx = geo.x2 - ux * size, by = geo.y2 - uy * size;
  svgEl('path', { d: 'M' + geo.x2 + ' ' + geo.y2 + ' L' + (bx - uy * size * 0.45) + ' ' + (by + ux * size * 0.45) +
    ' L' + (bx + uy * size * 0.45) + ' ' + (by - ux * size * 0.45) + ' Z', fill: color, 'fill-opacity': opacity }, group);
}

/** The drawn message nearest to (x, y), within 6 px, or null. */
function nearestMessage(x, y) {
  var best = null, bestDistance = 6;
  drawnMessages.forEach(function (d) {
    var g = d.geo, dx = g.x2 - g.x1, dy = g.y2 - g.y1;
    var len2 = dx * dx + dy * dy;
    var u = len2 ? Math.max(0, Math.min(1, ((x - g.x1) * dx + (y - g.y1) * dy) / len2)) : 0;
    var px = g.x1 + u * dx - x, py = g.y1 + u * dy - y;
    var dist = Math.sqrt(px * px + py * py);
    if (dist < bestDistance) { bestDistance = dist; best = d; }
  });
  return best;
}

function highlightMessage(d) {
  var h = document.querySelector('#messages [data-highlight]');
  if (!h) return;
  if (!d) { h.setAttribute('opacity', 0); return; }
  h.setAttribute('x1', d.geo.x1); h.setAttribute('y1', d.geo.y1);
  h.setAttribute('x2', d.geo.x2); h.setAttribute('y2', d.geo.y2);
  h.setAttribute('opacity', 0.35);
}

function renderMessageLegend() {
  var box = document.getElementById('message-legend');
  clear(box);
  Object.keys(kindColor).sort().forEach(function (kind) {
    if (!kindCount[kind]) return;
    var key = document.createElement('span');
    key.className = 'key toggle' + (hiddenKinds[kind] ? ' off' : '');
    key.title = 'click to show or hide ' + kind;
    key.innerHTML = '<span class="swatch" style="background:' + kindColor[kind] + '"></span>' + esc(kind) + ' (' + fmtCount(kindCount[kind]) + ')';
    key.addEventListener('click', function () { hiddenKinds[kind] = !hiddenKinds[kind]; renderMessageLegend(); requestRender(); });
    box.appendChild(key);
  });
  var extra = document.createElement('span');
  extra.className = 'key';
  extra.innerHTML = '<span class="swatch" style="background:repeating-linear-gradient(90deg,' + cssColor('--fail') + ' 0 3px,transparent 3px 5px)"></span>dropped ✕' +
    ' &nbsp; <span class="swatch" style="background:repeating-linear-gradient(90deg,#7c3aed 0 6px,transparent 6px 9px)"></span>duplicate ●' +
    ' &nbsp; <span class="swatch" style="background:repeating-linear-gradient(90deg,#9aa4b2 0 3px,transparent 3px 6px)"></span>never delivered ○';
  box.appendChild(extra);
}
`;
