/**
 * The report's inline stylesheet. Colours carry meaning and are shared with
 * the drawing script through CSS custom properties (--leader, --ok, ...), so
 * the legend, the lanes and the tooltips always agree.
 */

export const REPORT_STYLE = `
:root {
  --bg: #f6f7f9; --panel: #ffffff; --ink: #1d2330; --muted: #667085; --line: #e3e7ee;
  --leader: #2f9e5b; --candidate: #f0a030; --follower: #c9d3e0; --down: #4a5160;
  --fail: #d63a3a; --fail-bg: #fdeeee; --pass: #23894b; --pass-bg: #eaf7ef;
  --ok: #9ad5a8; --ok-edge: #3f9a58; --unknown: #ffd98c; --unknown-edge: #c98d12;
  --failed-op: #d5d9e0; --failed-edge: #6b7280; --prefix-edge: #2563c9; --commit: #3b6fd6;
  --gutter: 96px;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
.mono, code { font-family: ui-monospace, "SFMono-Regular", Menlo, "DejaVu Sans Mono", monospace; }
main { padding: 0 16px 24px; }

.banner { display: flex; gap: 16px; align-items: flex-start; margin: 0; padding: 14px 16px 12px;
  border-bottom: 1px solid var(--line); }
.banner.fail { background: var(--fail-bg); border-left: 6px solid var(--fail); }
.banner.pass { background: var(--pass-bg); border-left: 6px solid var(--pass); }
.badge { flex: none; font-weight: 700; font-size: 15px; letter-spacing: .04em; color: #fff;
  padding: 6px 10px; border-radius: 6px; margin-top: 2px; }
.fail .badge { background: var(--fail); }
.pass .badge { background: var(--pass); }
.banner-body { min-width: 0; flex: 1; }
.banner h1 { font-size: 18px; margin: 0 0 2px; }
.verdict-message { margin: 0 0 8px; font-size: 14px; overflow-wrap: anywhere; }
.verdict-detail { margin: -4px 0 8px; color: #4b5563; max-width: 110ch; overflow-wrap: anywhere; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0 0 8px; }
.fact { display: flex; gap: 6px; align-items: baseline; }
.fact dt { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .05em; }
.fact dd { margin: 0; font-weight: 600; }
.fact.mono dd { font-family: ui-monospace, Menlo, "DejaVu Sans Mono", monospace; font-weight: 500; }
.replay { display: inline-flex; align-items: center; gap: 8px; background: #1f2430; color: #e6edf3;
  border-radius: 6px; padding: 5px 6px 5px 10px; max-width: 100%; }
.replay code { white-space: pre-wrap; overflow-wrap: anywhere; }
.replay .prompt { color: #8b98a9; }
.replay button { background: #343b4a; color: #e6edf3; border: 0; border-radius: 4px; padding: 2px 8px; cursor: pointer; }

.run-info { color: var(--muted); padding: 8px 16px 0; }
.toolbar { position: sticky; top: 0; z-index: 5; background: var(--bg); padding: 8px 0 4px;
  display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.toolbar button { border: 1px solid #cfd6e1; background: #fff; border-radius: 5px; padding: 3px 10px;
  cursor: pointer; font: inherit; }
.toolbar button:hover { border-color: #94a3b8; }
.toolbar .view-range { color: var(--muted); margin-left: 8px; }
.toolbar .hint { color: var(--muted); margin-left: auto; font-size: 12px; }
#axis { display: block; flex: 1 0 100%; width: 100%; padding: 0 1px; }

section.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  margin-top: 10px; overflow: hidden; }
section.panel > h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted);
  margin: 0; padding: 7px 10px 3px; display: flex; gap: 14px; align-items: baseline; flex-wrap: wrap; }
section.panel > h2 .note { text-transform: none; letter-spacing: 0; font-weight: 400; }
section.panel > h2 .warn { color: #b45309; }
section.panel svg { display: block; width: 100%; cursor: grab; user-select: none; }
section.panel svg.dragging { cursor: grabbing; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 12px; padding: 0 10px 6px; color: var(--muted); font-size: 12px; }
.legend .key { display: inline-flex; align-items: center; gap: 5px; cursor: default; }
.legend .key.toggle { cursor: pointer; }
.legend .key.off { opacity: .35; text-decoration: line-through; }
.swatch { display: inline-block; width: 14px; height: 10px; border-radius: 2px; }
.empty-note { color: var(--muted); padding: 4px 10px 10px; }

svg text { font-size: 11px; fill: var(--ink); }
svg .lane-label { font-weight: 600; font-size: 12px; }
svg .sub-label { fill: var(--muted); font-size: 10px; }
svg .clock-label { font-size: 9px; }
svg .seg-label { font-size: 10px; fill: #fff; pointer-events: none; }
svg .seg-label.dark { fill: #2b3345; }
svg .grid { stroke: #eef1f5; }
svg .tick text { fill: var(--muted); font-size: 10px; }
svg .axis-value { pointer-events: none; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg .failure-line { stroke: var(--fail); stroke-width: 2; }
svg .cursor-line { stroke: #6b7280; stroke-dasharray: 3 3; pointer-events: none; }
svg .op-label { font-size: 10px; pointer-events: none; fill: #1d2330; }
svg [data-tip]:hover { filter: brightness(0.92); }
svg .stuck-op { stroke: var(--fail); stroke-width: 2.5; }
svg .outside-window { fill: url(#hatch-outside); }

#story { margin: 0; padding: 2px 10px 8px; list-style: none; columns: 2 420px; column-gap: 28px; }
#story li { display: flex; gap: 10px; padding: 1px 4px; border-radius: 4px; cursor: pointer; break-inside: avoid; }
#story li:hover { background: #eef2f7; }
#story li.quiet { cursor: default; color: var(--muted); }
#story .story-time { flex: none; width: 64px; text-align: right; color: var(--muted); font-variant-numeric: tabular-nums; }
#story .story-crash .story-text, #story .story-torn-write .story-text { color: #b42318; }
#story .story-leader .story-text { color: #1f7a44; font-weight: 600; }
#story .story-stuck .story-text, #story .story-failure .story-text { color: var(--fail); font-weight: 700; }
#story .story-partition .story-text, #story .story-drop .story-text, #story .story-duplicate .story-text { color: #9a3412; }
#tooltip { position: fixed; z-index: 10; pointer-events: none; max-width: 420px; background: #1f2430; color: #e6edf3;
  border-radius: 6px; padding: 7px 9px; font-size: 12px; line-height: 1.45; box-shadow: 0 4px 14px rgba(0,0,0,.25);
  display: none; }
#tooltip b { color: #fff; }
#tooltip .dim { color: #9aa6b8; }
#tooltip code { color: #ffd27a; overflow-wrap: anywhere; }
`;
