/**
 * The report in a real browser (Debian's chromium via playwright-core), on
 * synthetic runs: a passing one, a linearizability failure, an invariant
 * failure, and a long run. No console errors, no network, the lanes, history
 * and verdict drawn, the failure point where the verdict says, hovering shows
 * details, and zooming works. Screenshots go to test-output/ for a human.
 */

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gaps } from '../../src/report/page/availability-series.js';
import type { ReportData } from '../../src/report/report-data.js';
import { renderReport } from '../../src/report/render-report.js';
import { openReport, useChromium } from './browser.js';
import { syntheticReport } from './fixtures/synthetic-run.js';
import { readPage } from './report-page.js';

const outputDir = fileURLToPath(new URL('../../test-output/', import.meta.url));
const browser = useChromium(outputDir);

/** A point where the first element matching `selector` is the one under the mouse (not covered by a marker). */
async function pointOn(page: Page, selector: string): Promise<{ x: number; y: number }> {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  const point = await page.evaluate((css) => {
    const element = document.querySelector(css);
    if (element === null) return null;
    const box = element.getBoundingClientRect();
    const y = box.top + box.height / 2;
    for (let x = Math.max(0, box.left) + 1; x < Math.min(window.innerWidth, box.right); x += 3) {
      if (document.elementFromPoint(x, y) === element) return { x, y };
    }
    return null;
  }, selector);
  if (point === null) throw new Error(`no visible point on ${selector}`);
  return point;
}

function writeReport(name: string, data: ReportData): string {
  const file = `${outputDir}report-${name}.html`;
  writeFileSync(file, renderReport(data));
  return file;
}

describe('report in chromium (synthetic runs)', () => {
  it('shows a passing run: green verdict, lanes, history, messages, no failure point', async () => {
    const data = syntheticReport({ seed: 21, durationMs: 20_000, failure: 'pass' });
    const { page, errors, requests } = await openReport(browser(), writeReport('synthetic-pass', data));
    const facts = await readPage(page);
    expect(facts.status).toBe('pass');
    expect(facts.lanes).toEqual(['1', '2', '3']);
    expect(facts.roleSegments).toBeGreaterThan(0);
    expect(facts.opBars).toBeGreaterThan(10);
    expect(facts.clientRows).toBe(data.history.rows.length);
    expect(data.history.rows.length).toBeLessThan(data.history.clients.length);
    expect(facts.messageArrows).toBeGreaterThan(10);
    expect(facts.failurePoint).toBeNull();
    expect(facts.availability.bands['leader']).toBeGreaterThan(0);
    expect(facts.availability.throughputPaths).toBe(3);
    await page.screenshot({ path: `${outputDir}report-synthetic-pass.png`, fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('marks a linearizability failure at the verdict’s time and on the stuck operation', async () => {
    const data = syntheticReport({ seed: 22, durationMs: 20_000, failure: 'linearizability' });
    const { page, errors, requests } = await openReport(browser(), writeReport('synthetic-linearizability', data));
    const facts = await readPage(page);
    expect(facts.status).toBe('fail');
    expect(facts.kind).toBe('linearizability');
    expect(facts.failurePoint).toEqual({
      time: String(data.verdict.time),
      node: null,
      stuckOp: String(data.verdict.stuckOp),
      kind: 'linearizability',
    });
    expect(facts.stuckBars).toEqual([String(data.verdict.stuckOp)]);
    expect(facts.bannerTime).toBe(String(data.verdict.time));

    // Hovering the stuck operation explains it.
    await page.hover(`#history [data-op-id="${data.verdict.stuckOp}"]`);
    const tooltip = await page.textContent('#tooltip');
    expect(tooltip).toContain(`op #${data.verdict.stuckOp}`);
    expect(tooltip).toContain('stuck');
    await page.screenshot({ path: `${outputDir}report-synthetic-linearizability.png`, fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('marks an invariant failure on its node, and shows node state and message details on hover', async () => {
    const data = syntheticReport({ seed: 23, durationMs: 20_000, failure: 'invariant' });
    const { page, errors } = await openReport(browser(), writeReport('synthetic-invariant', data));
    const facts = await readPage(page);
    expect(facts.kind).toBe('invariant');
    expect(facts.failurePoint).toMatchObject({ time: String(data.verdict.time), node: '3', stuckOp: null });
    expect(facts.bannerNode).toBe('3');

    const spot = await pointOn(page, '#lanes [data-lane="3"] [data-role]');
    await page.mouse.move(spot.x, spot.y);
    expect(await page.textContent('#tooltip')).toMatch(/n3 · (leader|follower|candidate)/);

    const arrow = page.locator('#messages [data-message]').nth(3);
    await arrow.scrollIntoViewIfNeeded();
    const box = await arrow.boundingBox();
    expect(box).not.toBeNull();
    await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
    expect(await page.textContent('#tooltip')).toMatch(/n\d → n\d/);

    // Faults, node events and phase changes explain themselves too (seen on the whole run).
    await page.click('#zoom-whole');
    await page.waitForFunction(() => (document.getElementById('view-range')?.textContent ?? '').includes('20.000 s'));
    const fault = await pointOn(page, '#faults [data-fault="partition"] rect');
    await page.mouse.move(fault.x, fault.y);
    expect(await page.textContent('#tooltip')).toContain('{1,2} | {3}');
    await page.locator('#lanes [data-event="crash"]').scrollIntoViewIfNeeded();
    const crash = await page.locator('#lanes [data-event="crash"]').boundingBox();
    await page.mouse.move(crash!.x + crash!.width / 2, crash!.y + crash!.height / 2);
    expect(await page.textContent('#tooltip')).toMatch(/n2 · crash/);
    const phase = await pointOn(page, '#faults [data-phase="liveness"] rect');
    await page.mouse.move(phase.x, phase.y);
    expect(await page.textContent('#tooltip')).toContain('liveness phase');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws availability on the shared axis: leader, calm and fault bands, a latency dot per op, throughput, linked to the history', async () => {
    const data = syntheticReport({ seed: 26, durationMs: 20_000, failure: 'pass' });
    data.availability = { ...data.availability, source: 'oracle', calmWindows: [{ start: 1000, end: 8000 }, { start: 12_000, end: 18_000 }] };
    data.faults.push({ kind: 'pause', start: 16_000, end: 16_900, description: 'n1 pause for 900ms (leader, term 2)', node: 1 });
    const { page, errors } = await openReport(browser(), writeReport('synthetic-availability', data));
    await page.click('#zoom-whole');
    await page.waitForFunction(() => (document.getElementById('view-range')?.textContent ?? '').includes('20.000 s'));
    const facts = (await readPage(page)).availability;
    expect(facts.bandRows).toEqual(['leader', 'calm', 'down', 'network', 'paused']);
    expect(facts.bands['calm']).toBe(2);
    expect(facts.bands['down']).toBe(1); // n2's crash
    expect(facts.bands['partition']).toBe(1);
    expect(facts.bands['pause']).toBe(1);
    // Every stall of the data is drawn, exactly where it is.
    const stalls = gaps(data.availability.leaderSpans, data.run.start, data.run.end);
    expect(stalls.length).toBeGreaterThan(0);
    expect(facts.stalls).toEqual(stalls.map((gap) => `no-leader:${gap.start}:${gap.end}`));
    // One dot per operation (all of them, zoomed out), by outcome; a bar per 100 ms.
    const outcomes = { ok: 0, failed: 0, unknown: 0 };
    for (const op of data.history.ops) outcomes[op.outcome]++;
    expect(facts.latencyOps).toEqual(outcomes);
    expect(facts.throughputBuckets).toBe(data.run.end / 100);

    // The panels share the axis: the no-leader band starts where the stall starts on the lanes' axis.
    const stall = stalls.find((gap) => gap.start > 0)!;
    const band = (await page.locator(`#availability [data-tip="no-leader:${stall.start}:${stall.end}"]`).boundingBox())!;
    const lanes = (await page.locator('#lanes').boundingBox())!;
    // Zoomed out to the whole run (0 - 20 s), time t is at gutter + t / 20 s of the plot, in every panel.
    const xOnLanes = lanes.x + 96 + (stall.start / data.run.end) * (lanes.width - 96 - 14);
    expect(band.x).toBeCloseTo(xOnLanes, 0);
    await page.mouse.move(band.x + band.width / 2, band.y + band.height / 2);
    expect(await page.textContent('#tooltip')).toContain('no leader followed by a majority');

    // Hovering a latency dot explains its operation and outlines it in the client history.
    const dot = await page.evaluate(() => {
      const path = document.querySelector('#availability [data-latency="ok"]')!;
      const [, x, y] = /^M([\d.]+) ([\d.]+)/.exec(path.getAttribute('d') ?? '')!;
      const box = document.getElementById('availability')!.getBoundingClientRect();
      return { x: box.left + Number(x) + 1.5, y: box.top + Number(y) + 1.5 }; // the centre of the first 3 px dot
    });
    await page.mouse.move(dot.x, dot.y);
    const tooltip = (await page.textContent('#tooltip')) ?? '';
    expect(tooltip).toMatch(/op #\d+/);
    expect(tooltip).toContain('outlined in the client history');
    expect(Number(await page.getAttribute('#history [data-op-highlight]', 'width'))).toBeGreaterThan(0);
    // ... and the cursor line runs through every panel at the dot's time.
    const cursors = await page.evaluate(() => [...document.querySelectorAll('[data-cursor]')].map((line) => line.closest('svg')?.id));
    expect(cursors).toEqual(expect.arrayContaining(['axis', 'availability', 'lanes', 'faults', 'messages', 'history']));
    await page.screenshot({ path: `${outputDir}report-synthetic-availability.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('zooms with ctrl+wheel, pans by dragging, and picks a range on the overview', async () => {
    const data = syntheticReport({ seed: 25, durationMs: 20_000, failure: 'invariant' });
    const { page, errors } = await openReport(browser(), writeReport('synthetic-interaction', data));
    const range = async (): Promise<[number, number]> => {
      const text = (await page.textContent('#view-range')) ?? '';
      const match = /showing ([\d.]+) s – ([\d.]+) s/.exec(text);
      if (match === null) throw new Error(`no view range in "${text}"`);
      return [Number(match[1]), Number(match[2])];
    };
    const settle = (): Promise<unknown> => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

    await page.click('#zoom-whole');
    await settle();
    expect(await range()).toEqual([0, 20]);

    const lanes = (await page.locator('#lanes').boundingBox())!;
    await page.mouse.move(lanes.x + lanes.width / 2, lanes.y + 20);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    await settle();
    const [zoomedStart, zoomedEnd] = await range();
    expect(zoomedEnd - zoomedStart).toBeLessThan(20);
    expect(zoomedStart).toBeGreaterThan(0);

    await page.mouse.move(lanes.x + lanes.width / 2, lanes.y + 20);
    await page.mouse.down();
    await page.mouse.move(lanes.x + lanes.width / 2 + 200, lanes.y + 20, { steps: 5 });
    await page.mouse.up();
    await settle();
    const [pannedStart, pannedEnd] = await range();
    expect(pannedStart).toBeLessThan(zoomedStart);
    expect(pannedEnd - pannedStart).toBeCloseTo(zoomedEnd - zoomedStart, 2);

    // Drag on the overview from 25% to 50% of the run.
    const overview = (await page.locator('#overview').boundingBox())!;
    const gutter = 96;
    const plot = overview.width - gutter - 14;
    await page.mouse.move(overview.x + gutter + plot * 0.25, overview.y + 20);
    await page.mouse.down();
    await page.mouse.move(overview.x + gutter + plot * 0.5, overview.y + 20, { steps: 5 });
    await page.mouse.up();
    await settle();
    const [brushStart, brushEnd] = await range();
    expect(brushStart).toBeCloseTo(5, 0);
    expect(brushEnd).toBeCloseTo(10, 0);

    await page.keyboard.press('f');
    await settle();
    const [focusStart, focusEnd] = await range();
    expect(focusStart).toBeLessThanOrEqual(data.verdict.time! / 1000);
    expect(focusEnd).toBeGreaterThanOrEqual(data.verdict.time! / 1000);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws a long run (about 100k events, 28k operations) fully when zoomed out, quickly', async () => {
    const data = syntheticReport({ seed: 24, durationMs: 300_000, failure: 'linearizability', clients: 6 });
    const { page, errors } = await openReport(browser(), writeReport('synthetic-long', data));
    await page.click('#zoom-whole');
    await page.waitForFunction(() => (document.getElementById('view-range')?.textContent ?? '').includes('300.000 s'));
    const facts = await readPage(page);
    // Every operation is drawn: one by one when wide enough, else merged into its row's dense path.
    expect(facts.opBars + facts.denseOps).toBe(data.history.ops.length);
    expect(facts.denseOps).toBeGreaterThan(0);
    expect(facts.failurePoint?.stuckOp).toBe(String(data.verdict.stuckOp));
    // One full redraw of the whole run, script time: about 0.1-0.3 s; the bound leaves room for a loaded CI machine.
    expect(Number(await page.getAttribute('body', 'data-render-ms'))).toBeLessThan(2000);
    await page.screenshot({ path: `${outputDir}report-synthetic-long.png`, fullPage: true });
    await page.click('#zoom-failure');
    await page.waitForFunction(() => !(document.getElementById('view-range')?.textContent ?? '').includes('300.000 s'));
    expect((await readPage(page)).messageArrows).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    await page.close();
  });
});
