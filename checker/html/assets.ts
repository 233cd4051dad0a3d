/**
 * The inline stylesheet and script of the HTML view. The page must work
 * offline as a single file, so nothing is loaded from anywhere. The script
 * only shows a tooltip for the operation under the pointer (a click pins it)
 * and scrolls to the stuck operation.
 */

export const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 16px; color: #1d1d1f; }
h1 { font-size: 20px; margin: 0 0 8px; }
.verdict { font-weight: 600; }
.verdict-linearizable { color: #1a7f37; }
.verdict-not-linearizable { color: #cf222e; }
.verdict-unknown { color: #9a6700; }
section.partition { border: 1px solid #d0d7de; border-radius: 6px; margin: 12px 0; padding: 4px 10px; }
section.partition > details > summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
.description { margin: 4px 0 8px; }
.timeline { overflow-x: auto; border-top: 1px solid #eaeef2; padding: 6px 0; }
svg text { font: 11px ui-monospace, monospace; pointer-events: none; }
.client-label { fill: #57606a; }
.op rect { fill: #d8dee4; stroke: #8c959f; stroke-width: 1; }
.op.in-prefix rect { fill: #b6e3c2; stroke: #1a7f37; }
.op.pending rect { stroke-dasharray: 4 3; fill-opacity: 0.6; }
.op.stuck rect { fill: #ffcecb; stroke: #cf222e; stroke-width: 3; }
.op.frontier rect { stroke: #9a6700; stroke-width: 2; }
.op:hover rect, .op.pinned rect { stroke: #0969da; stroke-width: 3; }
.op { cursor: pointer; }
#tooltip { position: fixed; display: none; max-width: 520px; background: #fff; border: 1px solid #8c959f;
  border-radius: 6px; padding: 6px 8px; box-shadow: 0 4px 12px rgba(0,0,0,.15); font-size: 12px; z-index: 10; }
#tooltip .tip-title { font-weight: 600; }
#tooltip code, ol.prefix code { white-space: pre-wrap; word-break: break-all; }
ol.prefix { font-size: 12px; max-height: 320px; overflow-y: auto; }
.legend span { display: inline-block; margin-right: 14px; }
.swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #8c959f; vertical-align: middle; margin-right: 4px; }
`;

export const SCRIPT = `
(function () {
  var tooltip = document.getElementById('tooltip');
  var pinned = null;
  function field(label, value) {
    if (!value) return '';
    var row = document.createElement('div');
    var name = document.createElement('span');
    name.textContent = label + ': ';
    var code = document.createElement('code');
    code.textContent = value;
    row.appendChild(name);
    row.appendChild(code);
    return row;
  }
  function show(op, x, y) {
    var d = op.dataset;
    tooltip.replaceChildren();
    var title = document.createElement('div');
    title.className = 'tip-title';
    title.textContent = 'operation ' + d.opIndex + ' (client ' + d.client + ')' + (d.stuck === 'true' ? ': STUCK here' : '');
    tooltip.appendChild(title);
    [field('operation', d.desc), field('time', d.times),
     field('position in prefix', d.order), field('state before', d.stateBefore),
     field('state after', d.stateAfter)].forEach(function (row) { if (row) tooltip.appendChild(row); });
    tooltip.style.display = 'block';
    var left = Math.min(x + 14, window.innerWidth - tooltip.offsetWidth - 8);
    var top = Math.min(y + 14, window.innerHeight - tooltip.offsetHeight - 8);
    tooltip.style.left = Math.max(4, left) + 'px';
    tooltip.style.top = Math.max(4, top) + 'px';
  }
  function opOf(target) { return target && target.closest ? target.closest('.op') : null; }
  document.addEventListener('mouseover', function (event) {
    var op = opOf(event.target);
    if (op && !pinned) show(op, event.clientX, event.clientY);
  });
  document.addEventListener('mouseout', function (event) {
    if (!pinned && opOf(event.target)) tooltip.style.display = 'none';
  });
  document.addEventListener('click', function (event) {
    var op = opOf(event.target);
    if (pinned) pinned.classList.remove('pinned');
    pinned = op && op !== pinned ? op : null;
    if (pinned) { pinned.classList.add('pinned'); show(pinned, event.clientX, event.clientY); }
    else tooltip.style.display = 'none';
  });
  var jump = document.getElementById('jump-to-stuck');
  if (jump) jump.addEventListener('click', function (event) {
    event.preventDefault();
    var stuck = document.querySelector('[data-stuck="true"]');
    if (!stuck) return;
    var details = stuck.closest('details');
    if (details) details.open = true;
    stuck.scrollIntoView({ block: 'center', inline: 'center' });
  });
})();
`;
