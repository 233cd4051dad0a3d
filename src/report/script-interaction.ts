/**
 * Client-side script, part 7 of 7: view changes (zoom, pan, buttons, keys),
 * hover tooltips with the details of whatever is under the mouse, the shared
 * cursor line, and the first render. The initial view is the failure's
 * neighbourhood: the message window plus the failure point and stuck op.
 */

export const SCRIPT_INTERACTION = String.raw`
var renderPending = false;
function requestRender() {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(function () { renderPending = false; renderAll(); });
}
function renderAll() {
  var started = performance.now();
  width = document.getElementById('lanes').getBoundingClientRect().width || 1000;
  renderAxis();
  renderOverview();
  renderLanes();
  renderFaults();
  renderMessages();
  renderHistory();
  document.getElementById('view-range').textContent =
    'showing ' + fmtTime(view.t0) + ' – ' + fmtTime(view.t1) + ' (' + fmtDuration(view.t1 - view.t0) + ')';
  updateCursor();
  // How long the last redraw took (script time), for the long-run tests and the curious.
  document.body.setAttribute('data-render-ms', (performance.now() - started).toFixed(1));
}

function setView(t0, t1) {
  var span = Math.max(MIN_SPAN, Math.min(t1 - t0, run.end - run.start));
  if (!(span > 0)) span = MIN_SPAN;
  var start = Math.max(run.start, Math.min(t0, run.end - span));
  view.t0 = start;
  view.t1 = start + span;
  requestRender();
}
function zoomAround(t, factor) {
  setView(t - (t - view.t0) * factor, t + (view.t1 - t) * factor);
}
function panBy(dt) { setView(view.t0 + dt, view.t1 + dt); }

function focusRange() {
  var w = data.messages;
  var lo = w.start, hi = w.end;
  // A linearizability verdict's time is when the checker ran (the end of the
  // run); the story is around the stuck op instead.
  var aboutStuckOp = checker && checker.stuckOp !== null && verdict.stuckOp !== null;
  if (verdict.time !== null && !aboutStuckOp) { lo = Math.min(lo, verdict.time); hi = Math.max(hi, verdict.time); }
  if (checker && checker.stuckOp !== null) {
    var op = history.ops[checker.stuckOp];
    lo = Math.min(lo, op.call); hi = Math.max(hi, opEnd(op));
  }
  var pad = (hi - lo) * 0.04 + MIN_SPAN;
  return [lo - pad, hi + pad];
}

function localX(svg, e) { return e.clientX - svg.getBoundingClientRect().left; }
function localY(svg, e) { return e.clientY - svg.getBoundingClientRect().top; }

var panDrag = null;
var PANELS = ['axis', 'lanes', 'faults', 'messages', 'history'];
function installPanelInteraction() {
  PANELS.forEach(function (id) {
    var svg = document.getElementById(id);
    svg.addEventListener('mousedown', function (e) {
      if (e.button !== 0) return;
      panDrag = { svg: svg, x: e.clientX, t0: view.t0, t1: view.t1 };
      svg.classList.add('dragging');
      e.preventDefault();
    });
    svg.addEventListener('wheel', function (e) {
      var t = tOf(localX(svg, e));
      if (e.ctrlKey || e.metaKey || e.altKey) {
        e.preventDefault();
        zoomAround(t, Math.exp(e.deltaY * 0.002));
      } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        e.preventDefault();
        panBy((e.deltaX || e.deltaY) / plotWidth() * (view.t1 - view.t0));
      }
    }, { passive: false });
    svg.addEventListener('dblclick', function (e) {
      zoomAround(tOf(localX(svg, e)), e.shiftKey ? 2 : 0.5);
    });
  });
  window.addEventListener('mousemove', function (e) {
    if (!panDrag) return;
    var dt = (e.clientX - panDrag.x) / plotWidth() * (panDrag.t1 - panDrag.t0);
    setView(panDrag.t0 - dt, panDrag.t1 - dt);
  });
  window.addEventListener('mouseup', function () {
    if (panDrag) panDrag.svg.classList.remove('dragging');
    panDrag = null;
  });
  document.getElementById('zoom-whole').addEventListener('click', function () { setView(run.start, run.end); });
  document.getElementById('zoom-failure').addEventListener('click', function () { var r = focusRange(); setView(r[0], r[1]); });
  document.getElementById('zoom-in').addEventListener('click', function () { zoomAround((view.t0 + view.t1) / 2, 0.5); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoomAround((view.t0 + view.t1) / 2, 2); });
  window.addEventListener('keydown', function (e) {
    if (e.target && e.target.tagName === 'INPUT') return;
    var mid = (view.t0 + view.t1) / 2, span = view.t1 - view.t0;
    if (e.key === '+' || e.key === '=') zoomAround(mid, 0.5);
    else if (e.key === '-' || e.key === '_') zoomAround(mid, 2);
    else if (e.key === 'ArrowLeft') panBy(-span * 0.2);
    else if (e.key === 'ArrowRight') panBy(span * 0.2);
    else if (e.key === '0') setView(run.start, run.end);
    else if (e.key === 'f') { var r = focusRange(); setView(r[0], r[1]); }
  });
  window.addEventListener('resize', requestRender);
  var copy = document.getElementById('copy-replay');
  copy.addEventListener('click', function () {
    var text = document.getElementById('replay-command').textContent;
    var done = function () { copy.textContent = 'copied'; setTimeout(function () { copy.textContent = 'copy'; }, 1200); };
    try {
      navigator.clipboard.writeText(text).then(done, function () { selectReplay(); });
    } catch (err) { selectReplay(); }
  });
}
function selectReplay() {
  var range = document.createRange();
  range.selectNodeContents(document.getElementById('replay-command'));
  var sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
}

/** The dotted line at the mouse's time, drawn in every panel at once. */
function updateCursor() {
  var x = cursorTime === null ? -10 : xOf(cursorTime);
  var inside = cursorTime !== null && x >= GUTTER && x <= width - RIGHT;
  document.querySelectorAll('[data-cursor]').forEach(function (line) {
    line.setAttribute('x1', inside ? x : -10);
    line.setAttribute('x2', inside ? x : -10);
  });
  var label = document.querySelector('[data-cursor-label]');
  if (label) {
    label.setAttribute('x', inside ? Math.max(GUTTER + 30, Math.min(width - RIGHT - 30, x)) : -100);
    label.textContent = inside ? fmtTime(cursorTime) : '';
  }
}

var tooltip = null;
function showTooltip(html, e) {
  tooltip.innerHTML = html;
  tooltip.style.display = 'block';
  var r = tooltip.getBoundingClientRect();
  var left = e.clientX + 14, top = e.clientY + 14;
  if (left + r.width > window.innerWidth - 8) left = e.clientX - r.width - 14;
  if (top + r.height > window.innerHeight - 8) top = e.clientY - r.height - 14;
  tooltip.style.left = Math.max(4, left) + 'px';
  tooltip.style.top = Math.max(4, top) + 'px';
}
function hideTooltip() { tooltip.style.display = 'none'; }

function describeNodeAt(lane, t) {
  var s = nodeStateAt(lane, t);
  var seg = s.segment;
  return (seg ? (seg.role === 'down' ? 'down (crashed)' : seg.role + ', term ' + seg.term) : 'not started') + ', commit index ' + s.commit;
}

function tipHtml(tip, e) {
  var parts = tip.split(':');
  var t = cursorTime === null ? 0 : cursorTime;
  if (parts[0] === 'segment') {
    var lane = laneByNode[parts[1]], seg = lane.segments[+parts[2]];
    return '<b>n' + lane.node + ' · ' + (seg.role === 'down' ? 'down (crashed)' : seg.role) + '</b> · term ' + seg.term +
      '<br><span class="dim">from</span> ' + fmtTime(seg.start) + ' <span class="dim">to</span> ' + fmtTime(seg.end) + ' (' + fmtDuration(seg.end - seg.start) + ')' +
      '<br><span class="dim">at ' + fmtTime(t) + ':</span> ' + esc(describeNodeAt(lane, t));
  }
  if (parts[0] === 'commit') {
    var cl = laneByNode[parts[1]];
    return '<b>n' + cl.node + '</b> at ' + fmtTime(t) + '<br>' + esc(describeNodeAt(cl, t));
  }
  if (parts[0] === 'event') {
    var el = laneByNode[parts[1]], ev = el.events[+parts[2]];
    return '<b>n' + el.node + ' · ' + esc(ev.kind.replace('-', ' ')) + '</b> at ' + fmtTime(ev.time) +
      '<br>' + esc(ev.detail) + '<br><span class="dim">state just before:</span> ' + esc(describeNodeAt(el, ev.time - 1e-6));
  }
  if (parts[0] === 'fault') {
    var f = data.faults[+parts[1]];
    return '<b>' + esc(f.kind) + '</b> ' + esc(f.description) + '<br>' + fmtTime(f.start) + ' – ' + fmtTime(f.end) + ' (' + fmtDuration(f.end - f.start) + ')' +
      (f.groups ? '<br><span class="dim">could talk:</span> ' + f.groups.map(function (g) { return '{' + g.map(function (n) { return 'n' + n; }).join(', ') + '}'; }).join(' · ') : '');
  }
  if (parts[0] === 'op') return opTip(history.ops[+parts[1]]);
  if (parts[0] === 'row') {
    var clients = history.rows[+parts[1]];
    return '<b>history row ' + (+parts[1] + 1) + '</b><br>clients ' + clients.map(function (c) { return 'c' + c; }).join(' → ') +
      (clients.length > 1 ? '<br><span class="dim">a client whose op is never answered retires; its successor takes over the row</span>' : '');
  }
  if (parts[0] === 'dense') {
    var near = opsNear(+parts[1], t, 4 / plotWidth() * (view.t1 - view.t0));
    if (!near.nearest) return null;
    return '<span class="dim">' + fmtCount(near.count) + ' operations of c' + parts[1] + ' within 4 px here; zoom in to see each. Nearest:</span><br>' + opTip(near.nearest);
  }
  if (parts[0] === 'failure') {
    return '<b style="color:#ff8a8a">' + esc(document.querySelector('#verdict h1').textContent) + '</b><br>' + esc(verdict.message) +
      '<br>at ' + fmtTime(verdict.time) + (verdict.node !== null ? ' on n' + verdict.node : '') +
      (verdict.stuckOp !== null ? ' · stuck op #' + verdict.stuckOp : '');
  }
  if (parts[0] === 'phase') {
    var phase = run.phases[+parts[1]];
    return '<b>' + esc(phase.name) + ' phase</b> from ' + fmtTime(phase.time) + '<br>' + esc(phase.detail);
  }
  if (parts[0] === 'window') {
    var w = data.messages;
    return '<b>message window</b> (' + esc(w.reason) + ')<br>' + fmtTime(w.start) + ' – ' + fmtTime(w.end) + ': ' + fmtCount(w.messages.length) +
      ' of ' + fmtCount(w.total) + ' messages kept';
  }
  return null;
}

function opTip(op) {
  var lines = ['<b>c' + op.client + ' · op #' + op.id + '</b> · key <code>' + esc(op.key) + '</code>',
    '<code>' + esc(op.input) + '</code> → ' + (op.output === null ? '<span class="dim">no answer</span>' : '<code>' + esc(op.output) + '</code>'),
    '<span class="dim">call</span> ' + fmtTime(op.call) + ' · <span class="dim">return</span> ' + (op.return === null ? 'never' : fmtTime(op.return) + ' (' + fmtDuration(op.return - op.call) + ')'),
    '<span class="dim">outcome</span> ' + op.outcome + (op.return === null ? ' <span class="dim">(may take effect at any time after its call, or never)</span>' : '')];
  if (op.attempts.length > 0) {
    lines.push('<span class="dim">sent to</span> ' + op.attempts.map(function (a, i) {
      return 'n' + a[1] + (i > 0 ? ' <span class="dim">(retry at ' + fmtTime(a[0]) + ')</span>' : '');
    }).join(', '));
  }
  if (op.answeredBy !== null && op.return !== null && laneByNode[op.answeredBy]) {
    lines.push('<span class="dim">answered by</span> <b>n' + op.answeredBy + '</b>, ' + esc(describeNodeAt(laneByNode[op.answeredBy], op.return)) + ' <span class="dim">at the answer</span>');
  }
  if (checker && op.id === checker.stuckOp) lines.push('<b style="color:#ff8a8a">the checker got stuck here</b>: no order of the prefix and this op fits the model');
  else if (prefixRank[op.id] !== undefined) lines.push('<span class="dim">linearizable prefix position</span> ' + prefixRank[op.id] + ' of ' + checker.longestPrefix.length);
  return lines.join('<br>');
}

/** The ops of one client within tolerance ms of time t, and the nearest of them. */
function opsNear(client, t, tolerance) {
  var first = lowerBound(opsByCall, t - tolerance - maxOpLength, function (op) { return op.call; });
  var last = lowerBound(opsByCall, t + tolerance + 1e-9, function (op) { return op.call; });
  var nearest = null, best = Infinity, count = 0;
  for (var i = first; i < last; i++) {
    var op = opsByCall[i];
    if (op.client !== client) continue;
    var distance = t < op.call ? op.call - t : t > opEnd(op) ? t - opEnd(op) : 0;
    if (distance > tolerance) continue;
    count++;
    if (distance < best) { best = distance; nearest = op; }
  }
  return { nearest: nearest, count: count };
}

function messageTip(m) {
  var fate = m.dropped ? '<b style="color:#ff8a8a">dropped by the network</b>'
    : m.received === null ? '<span class="dim">never delivered (receiver down or still in flight)</span>'
    : '<span class="dim">received</span> ' + fmtTime(m.received) + ' (' + fmtDuration(m.received - m.sent) + ')';
  return '<b>' + esc(m.kind) + '</b> n' + m.from + ' → n' + m.to + (m.duplicate ? ' · <b>duplicate</b>' : '') +
    '<br><code>' + esc(m.description) + '</code><br><span class="dim">sent</span> ' + fmtTime(m.sent) + ' · ' + fate;
}

function installHover() {
  tooltip = document.getElementById('tooltip');
  document.addEventListener('mousemove', function (e) {
    var svg = e.target && e.target.closest ? e.target.closest('svg') : null;
    var x = svg ? localX(svg, e) : -1;
    cursorTime = svg && svg.id !== 'overview' && x >= GUTTER && x <= width - RIGHT ? tOf(x) : null;
    updateCursor();
    if (panDrag || brushDrag) { hideTooltip(); return; }
    if (svg && svg.id === 'messages') {
      var near = nearestMessage(x, localY(svg, e));
      highlightMessage(near);
      if (near) { showTooltip(messageTip(data.messages.messages[near.index]), e); return; }
    }
    var target = e.target && e.target.closest ? e.target.closest('[data-tip]') : null;
    var html = target ? tipHtml(target.getAttribute('data-tip'), e) : null;
    if (html) showTooltip(html, e); else hideTooltip();
  });
  document.addEventListener('mouseleave', hideTooltip);
}

installHover();
installPanelInteraction();
installOverviewBrush();
renderMessageLegend();
renderHistoryLegend();
renderStory();
(function firstView() {
  width = document.getElementById('lanes').getBoundingClientRect().width || 1000;
  var r = focusRange();
  var span = Math.max(MIN_SPAN, Math.min(r[1] - r[0], run.end - run.start));
  view.t0 = Math.max(run.start, Math.min(r[0], run.end - span));
  view.t1 = view.t0 + span;
  renderAll();
  document.body.setAttribute('data-rendered', '');
})();
`;
