/**
 * The report page's entry point, bundled by esbuild into the one inline
 * script of the page (scripts/bundle-report-page.mjs). It reads the data
 * embedded in the page, draws every panel, and redraws them all on each view
 * change. The first view is the failure's neighbourhood.
 */

import { unpackReport, type EmbeddedReport } from '../embedded-report.js';
import { renderAvailability } from './availability.js';
import { createContext, type PageContext } from './context.js';
import { renderFaults } from './faults.js';
import { fmtDuration, fmtTime } from './format.js';
import { renderHistory, renderHistoryLegend } from './history.js';
import { installInteraction, updateCursor, viewControl } from './interaction.js';
import { renderAxis, renderLanes } from './lanes.js';
import { messageStyle, renderMessageLegend, renderMessages, type MessageStyle } from './messages.js';
import { renderOverview } from './overview.js';
import { clampView } from './scale.js';
import { renderStory } from './story.js';

function renderAll(page: PageContext, style: MessageStyle): void {
  const started = performance.now();
  page.width = document.getElementById('lanes')?.getBoundingClientRect().width || 1000;
  renderAxis(page);
  renderOverview(page);
  renderAvailability(page);
  renderLanes(page);
  renderFaults(page);
  renderMessages(page, style);
  renderHistory(page);
  const range = document.getElementById('view-range');
  if (range !== null) range.textContent = `showing ${fmtTime(page.view.t0)} – ${fmtTime(page.view.t1)} (${fmtDuration(page.view.t1 - page.view.t0)})`;
  updateCursor(page);
  // How long the last redraw took (script time), for the long-run tests and the curious.
  document.body.setAttribute('data-render-ms', (performance.now() - started).toFixed(1));
}

function start(): void {
  const embedded = JSON.parse(document.getElementById('report-data')?.textContent ?? 'null') as EmbeddedReport;
  const page = createContext(unpackReport(embedded), document.querySelector('#verdict h1')?.textContent ?? '');
  const style = messageStyle(page);
  let pending = false;
  page.requestRender = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      renderAll(page, style);
    });
  };
  const control = viewControl(page);
  installInteraction(page, control);
  renderMessageLegend(page, style);
  renderHistoryLegend(page);
  renderStory(page, control.bringIntoView);
  page.width = document.getElementById('lanes')?.getBoundingClientRect().width || 1000;
  const [t0, t1] = control.focusRange();
  page.view = clampView(t0, t1, page.data.run.start, page.data.run.end);
  renderAll(page, style);
  document.body.setAttribute('data-rendered', '');
}

start();
