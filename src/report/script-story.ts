/**
 * Client-side script, part 6 of 7: the story. The last key events before the
 * failure (elections won, crashes and restarts, torn writes, snapshot
 * installs, partitions and bursts, phase changes, the stuck op, the failure)
 * as a short list in words, each a link that brings it into view: the
 * sentence version of the panels, read first.
 */

export const SCRIPT_STORY = String.raw`
var STORY_LENGTH = 14;

function storyEvents() {
  var items = [];
  data.lanes.forEach(function (lane) {
    lane.segments.forEach(function (seg, i) {
      var before = lane.segments[i - 1];
      if (seg.role === 'leader' && !(before && before.role === 'leader' && before.term === seg.term)) {
        items.push({ time: seg.start, node: lane.node, kind: 'leader', text: 'n' + lane.node + ' becomes leader of term ' + seg.term });
      }
    });
    lane.events.forEach(function (ev) {
      if (ev.kind === 'snapshot-taken') return; // routine: one every few entries
      var what = { crash: 'crashes', restart: 'restarts', 'torn-write': 'loses the tail of a write (torn)', 'snapshot-installed': 'installs a snapshot from the leader' }[ev.kind];
      // What it was before a crash, and what it came back as after a restart.
      var seg = nodeStateAt(lane, ev.kind === 'crash' ? ev.time - 1e-6 : ev.time).segment;
      if (seg && ev.kind === 'crash' && seg.role !== 'down') what += ' (was ' + seg.role + ' of term ' + seg.term + ')';
      if (seg && ev.kind === 'restart' && seg.role !== 'down') what += ' as ' + seg.role + ' of term ' + seg.term;
      items.push({ time: ev.time, node: lane.node, kind: ev.kind, text: 'n' + lane.node + ' ' + what, detail: ev.detail });
    });
  });
  data.faults.forEach(function (f) {
    items.push({ time: f.start, node: null, kind: f.kind, text: (f.kind === 'partition' ? 'partition ' : f.kind + ' burst ') + f.description });
    if (f.kind === 'partition' && f.end < run.end) items.push({ time: f.end, node: null, kind: 'heal', text: 'partition heals' });
  });
  run.phases.forEach(function (p) { items.push({ time: p.time, node: null, kind: 'phase', text: p.detail || p.name + ' phase' }); });
  var stuck = verdict.stuckOp !== null ? history.ops[verdict.stuckOp] : null;
  if (stuck) {
    items.push({ time: stuck.call, node: null, kind: 'stuck', text: 'c' + stuck.client + ' calls ' + stuck.input + ' (op #' + stuck.id + ')' });
    if (stuck.return !== null) {
      var answerer = stuck.answeredBy !== null ? laneByNode[stuck.answeredBy] : undefined;
      var state = answerer ? nodeStateAt(answerer, stuck.return) : null;
      var who = answerer ? 'n' + answerer.node + (state && state.segment ? ' (' + state.segment.role + ' of term ' + state.segment.term + ', commit ' + state.commit + ')' : '') + ' answers ' : 'answer: ';
      items.push({ time: stuck.return, node: stuck.answeredBy, kind: 'stuck',
        text: who + stuck.output + ': no linearization allows it (op #' + stuck.id + ')' });
    }
  }
  if (verdict.status === 'fail' && verdict.time !== null) {
    items.push({ time: verdict.time, node: verdict.node, kind: 'failure', text: document.querySelector('#verdict h1').textContent + (verdict.node !== null ? ' on n' + verdict.node : '') });
  }
  items.sort(function (a, b) { return a.time - b.time || (a.kind === 'failure') - (b.kind === 'failure'); });
  // The story ends at the failure (for a linearizability failure: at the stuck op's answer).
  var end = stuck ? (stuck.return !== null ? stuck.return : stuck.call) : verdict.time !== null ? verdict.time : run.end;
  var told = items.filter(function (item) { return item.time <= end || item.kind === 'failure'; });
  return told.slice(Math.max(0, told.length - STORY_LENGTH));
}

function renderStory() {
  var list = document.getElementById('story');
  var items = storyEvents();
  if (!items.length) { list.innerHTML = '<li class="quiet">nothing notable happened: no elections after the first, no crashes, no faults</li>'; return; }
  list.innerHTML = items.map(function (item, i) {
    return '<li class="story-' + item.kind + '" data-story="' + i + '" data-at="' + item.time + '"' + (item.detail ? ' title="' + esc(item.detail) + '"' : '') + '>' +
      '<span class="story-time">' + fmtTime(item.time) + '</span><span class="story-text">' + esc(item.text) + '</span></li>';
  }).join('');
  list.querySelectorAll('li[data-at]').forEach(function (li) {
    li.addEventListener('click', function () {
      var t = Number(li.getAttribute('data-at')), half = (view.t1 - view.t0) / 2;
      setView(t - half, t + half);
    });
  });
}
`;
