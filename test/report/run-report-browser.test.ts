/**
 * Reports of real simulated runs in chromium: a passing seed, and failing
 * seeds of test-defective nodes (fixtures/faulty-systems.ts) until the
 * project's injected bugs exist. The failure point the page highlights must
 * be the one the CLI prints in its verdict line (time, node) and, for a
 * linearizability failure, the checker's stuck op. Screenshots go to
 * test-output/report-*.png.
 */

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatVerdict } from '../../src/cli/format-run.js';
import { buildReportData } from '../../src/report/from-run.js';
import { writeRunReport } from '../../src/report/write-run-report.js';
import { defaultSystem, runSeed, type RunResult } from '../../src/sim/index.js';
import { openReport, useChromium } from './browser.js';
import { selfProclaimedLeaderSystem, staleReadSystem } from './fixtures/faulty-systems.js';
import { readPage } from './report-page.js';

/**
 * A bug of the project's catalog (src/bugs, `--bug NAME`) whose failure is
 * a linearizability violation: the report must show its stuck op. The test
 * takes the first seed that fails with it (a search, so that a change in how
 * seeds draw their worlds does not silently turn it into a passing run).
 */
const REAL_BUG = 'no-dedup-on-apply';
/** A catalog bug caught by an invariant on one node: the report must put the failure point on that node. */
const REAL_INVARIANT_BUG = 'send-before-fsync';
const SEEDS_TO_SEARCH = 100;

/** The first seed of 1..SEEDS_TO_SEARCH that fails with `bug`, run again with its trace kept. */
function firstFailingRun(bug: string): RunResult {
  for (let seed = 1; seed <= SEEDS_TO_SEARCH; seed++) {
    if (runSeed(seed, { bugs: [bug] }, defaultSystem).failure !== null) {
      return runSeed(seed, { bugs: [bug] }, defaultSystem, { keepTrace: true });
    }
  }
  throw new Error(`no seed of 1..${SEEDS_TO_SEARCH} fails with --bug ${bug}`);
}

const outputDir = fileURLToPath(new URL('../../test-output/', import.meta.url));
const browser = useChromium(outputDir);

/** Time and node of the CLI's verdict line: "verdict: FAIL kind: Name at t=T on nN (seed S): ...". */
function cliFailurePoint(result: RunResult): { time: string; node: string | null } {
  const line = formatVerdict(result);
  const match = /^verdict: FAIL \S+ \S+ at t=(\d+(?:\.\d+)?)(?: on n(\d+))?/.exec(line);
  if (match === null) throw new Error(`unexpected verdict line: ${line}`);
  return { time: match[1]!, node: match[2] ?? null };
}

async function checkFailingReport(result: RunResult, name: string): Promise<void> {
  const file = `${outputDir}report-${name}.html`;
  writeRunReport(result, file);
  const data = buildReportData(result);
  const { page, errors, requests } = await openReport(browser(), file);
  const facts = await readPage(page);
  expect(facts.status).toBe('fail');
  expect(facts.lanes).toEqual(data.lanes.map((lane) => String(lane.node)));
  expect(facts.clientRows).toBe(data.history.rows.length);
  expect(facts.opBars + facts.denseOps).toBeGreaterThan(0);
  expect(facts.availability.bandRows[0]).toBe('leader');
  expect(Object.values(facts.availability.latencyOps).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

  const cli = cliFailurePoint(result);
  expect(facts.failurePoint).not.toBeNull();
  expect(facts.failurePoint!.time).toBe(cli.time);
  expect(facts.failurePoint!.node).toBe(cli.node);
  expect(facts.bannerTime).toBe(cli.time);
  if (result.failure!.kind === 'linearizability') {
    expect(facts.failurePoint!.stuckOp).toBe(String(data.verdict.stuckOp));
    expect(facts.stuckBars).toEqual([String(data.verdict.stuckOp)]);
    // Hovering the stuck op tells who answered it and what that node was at the time.
    await page.hover(`#history [data-op-id="${data.verdict.stuckOp}"]`);
    const tooltip = (await page.textContent('#tooltip')) ?? '';
    expect(tooltip).toContain('the checker got stuck here');
    const answeredBy = data.history.ops[data.verdict.stuckOp!]!.answeredBy;
    if (answeredBy !== null) expect(tooltip).toMatch(new RegExp(`answered by n${answeredBy}, (leader|follower|candidate|down)`));
  }
  // The story in words ends with the failure; a linearizability failure's story tells the stuck op's call and answer.
  expect(await page.getAttribute('#story li:last-child', 'class')).toBe('story-failure');
  expect(await page.locator('#story li.story-stuck').count()).toBe(result.failure!.kind === 'linearizability' ? 2 : 0);
  await page.screenshot({ path: `${outputDir}report-${name}.png`, fullPage: true });
  expect(errors).toEqual([]);
  expect(requests).toEqual([]);
  await page.close();
}

/**
 * The first seed of 1..SEEDS_TO_SEARCH whose leader crashes and leaves the
 * cluster without a leader followed by a majority for at least `stallMs`.
 */
function firstStallAfterLeaderCrash(stallMs: number): { result: RunResult; crash: number; until: number; leader: number } {
  for (let seed = 1; seed <= SEEDS_TO_SEARCH; seed++) {
    const result = runSeed(seed, {}, defaultSystem, { keepTrace: true });
    const data = buildReportData(result);
    const spans = data.availability.leaderSpans;
    for (let i = 0; i + 1 < spans.length; i++) {
      const { end: crash, leader } = spans[i]!;
      const until = spans[i + 1]!.start;
      const crashed = data.lanes.find((lane) => lane.node === leader)?.events.some((event) => event.kind === 'crash' && event.time === crash);
      if (crashed && until - crash >= stallMs) return { result, crash, until, leader };
    }
  }
  throw new Error(`no seed of 1..${SEEDS_TO_SEARCH} stalls ${stallMs} ms after its leader crashes`);
}

/** The first seed of 1..SEEDS_TO_SEARCH that adds a node during the run, on drifting clocks. */
function firstReconfiguredSeedWithDrift(): RunResult {
  for (let seed = 1; seed <= SEEDS_TO_SEARCH; seed++) {
    const result = runSeed(seed, {}, defaultSystem);
    if (result.stats.reconfigurations.added > 0 && result.config.clocks.maxDrift > 0) return runSeed(seed, {}, defaultSystem, { keepTrace: true });
  }
  throw new Error(`no seed of 1..${SEEDS_TO_SEARCH} adds a node on drifting clocks`);
}

describe('report of real simulated runs in chromium', () => {
  it('shows a passing seed', async () => {
    const result = runSeed(1, {}, defaultSystem, { keepTrace: true });
    expect(result.failure).toBeNull();
    const file = `${outputDir}report-seed-1-pass.html`;
    const bytes = writeRunReport(result, file);
    // Compact: a fixed page (script, style) plus well under 100 bytes per trace event. Seed 1's run
    // grows and shrinks with the swarm's draws, so the bound follows the run, not one seed's size.
    expect(bytes).toBeLessThan(150_000 + 60 * result.trace!.length);
    const { page, errors, requests } = await openReport(browser(), file);
    const facts = await readPage(page);
    expect(facts.status).toBe('pass');
    expect(facts.lanes).toEqual(['1', '2', '3', '4']); // n4 added by the operator
    expect(facts.roleSegments).toBeGreaterThanOrEqual(3);
    expect(facts.clientRows).toBeGreaterThan(0);
    expect(facts.opBars).toBeGreaterThan(0);
    expect(facts.failurePoint).toBeNull();
    await page.screenshot({ path: `${outputDir}report-seed-1-pass.png`, fullPage: true });
    // Zoomed out to the whole run, every operation is drawn.
    await page.click('#zoom-whole');
    await page.waitForFunction((end) => (document.getElementById('view-range')?.textContent ?? '').includes(end), `${(result.stats.simulatedMs / 1000).toFixed(3)} s`);
    const whole = await readPage(page);
    expect(whole.opBars + whole.denseOps).toBe(result.history.operations.length);
    // ... and has its latency dot; the leader band covers the run but for the first election.
    expect(Object.values(whole.availability.latencyOps).reduce((a, b) => a + b, 0)).toBe(result.history.operations.length);
    expect(whole.availability.bands['leader']).toBeGreaterThan(0);
    expect(whole.availability.throughputBuckets).toBe(Math.ceil(result.stats.simulatedMs / 100));
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('highlights a linearizability failure (stale reads) where the CLI and the checker put it', async () => {
    const result = runSeed(1, {}, staleReadSystem(), { keepTrace: true });
    expect(result.failure?.kind).toBe('linearizability');
    await checkFailingReport(result, 'stale-read-seed-2');
  });

  it('highlights an invariant failure (two leaders) at the CLI’s time and node', async () => {
    const result = runSeed(3, {}, selfProclaimedLeaderSystem(), { keepTrace: true });
    expect(result.failure?.invariant).toBe('ElectionSafety');
    await checkFailingReport(result, 'election-safety-seed-3');
  });

  it(`highlights the failure of a real injected bug (--bug ${REAL_BUG}) where the CLI puts it`, async () => {
    const failing = firstFailingRun(REAL_BUG);
    expect(failing.failure!.kind).toBe('linearizability');
    await checkFailingReport(failing, `bug-${REAL_BUG}-seed-${failing.seed}`);
  });

  it(`highlights an invariant failure of a real injected bug (--bug ${REAL_INVARIANT_BUG}) on the CLI's node`, async () => {
    const failing = firstFailingRun(REAL_INVARIANT_BUG);
    expect(failing.failure!.kind).toBe('safety');
    expect(failing.failure!.node).not.toBeNull();
    await checkFailingReport(failing, `bug-${REAL_INVARIANT_BUG}-seed-${failing.seed}`);
  });

  it('shows at a glance that the cluster stalled after its leader crashed', async () => {
    const { result, crash, until, leader } = firstStallAfterLeaderCrash(500);
    const file = `${outputDir}report-stall-seed-${result.seed}.html`;
    writeRunReport(result, file);
    const { page, errors } = await openReport(browser(), file);
    await page.click('#zoom-whole');
    await page.waitForFunction((end) => (document.getElementById('view-range')?.textContent ?? '').includes(end), `${(result.stats.simulatedMs / 1000).toFixed(3)} s`);
    const facts = await readPage(page);
    expect(facts.availability.stalls).toContain(`no-leader:${crash}:${until}`);
    const band = page.locator(`#availability [data-tip="no-leader:${crash}:${until}"]`);
    const box = (await band.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tooltip = (await page.textContent('#tooltip')) ?? '';
    expect(tooltip).toContain('no leader followed by a majority');
    expect(tooltip).toContain(`${(crash / 1000).toFixed(3)} s – ${(until / 1000).toFixed(3)} s`);
    // The lanes agree: the leader of the span before the stall crashed at its start.
    expect(await page.locator(`#lanes [data-lane="${leader}"] [data-event="crash"]`).count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${outputDir}report-stall-seed-${result.seed}.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
  it('names each node clock and draws the configuration changes of a reconfigured seed', async () => {
    const result = firstReconfiguredSeedWithDrift();
    const data = buildReportData(result);
    const configurations = data.configurations ?? [];
    expect(configurations.length).toBeGreaterThan(1);
    const file = `${outputDir}report-reconfigured-seed-${result.seed}.html`;
    writeRunReport(result, file);
    const { page, errors, requests } = await openReport(browser(), file);
    await page.click('#zoom-whole');
    await page.waitForFunction((end) => (document.getElementById('view-range')?.textContent ?? '').includes(end), `${(result.stats.simulatedMs / 1000).toFixed(3)} s`);
    // Every lane, added nodes included, names its clock: the drawn rate and offset, or a true clock.
    const clocks = await page.$$eval('#lanes [data-clock]', (labels) => labels.map((label) => label.textContent ?? ''));
    expect(clocks).toHaveLength(data.lanes.length);
    const rate = result.config.clocks.rates[0]!;
    expect(clocks[0]).toBe(`n1${data.lanes[0]!.clock}`);
    expect(clocks[0]).toMatch(rate === 1 && result.config.clocks.offsetsMs[0] === 0 ? /true clock/ : /^n1[+-]\d+\.\d% [+-]\d+ms$/);
    expect(clocks[clocks.length - 1]).toBe(`n${data.lanes[data.lanes.length - 1]!.node}true clock`);
    // One band per configuration in force, each naming its members, a marker at each change.
    const bands = await page.$$eval('#faults [data-configuration]', (els) => els.map((el) => el.getAttribute('data-configuration')));
    expect(bands).toEqual(configurations.map((span) => span.members.join(',')));
    expect(await page.locator('#faults [data-configuration-change]').count()).toBe(configurations.length - 1);
    const last = configurations[configurations.length - 1]!;
    await page.locator(`#faults [data-tip="config:${configurations.length - 1}"] rect`).hover();
    expect(await page.textContent('#tooltip')).toContain(`configuration ${last.members.map((n) => `n${n}`).join(', ')}`);
    // Nodes that took up a configuration carry a marker on their lane; a clock label has its tooltip.
    expect(await page.locator('#lanes [data-event="configuration"]').count()).toBeGreaterThan(0);
    // Added nodes are veiled until they start, removed ones after they stop.
    expect(await page.locator('#lanes [data-outside="not started"]').count()).toBe(result.stats.reconfigurations.added);
    expect(await page.locator('#lanes [data-outside="removed"]').count()).toBe(result.stats.reconfigurations.removed);
    await page.locator('#lanes [data-tip="clock:1"]').hover();
    expect(await page.textContent('#tooltip')).toContain(`n1 clock ${data.lanes[0]!.clock}`);
    await page.screenshot({ path: `${outputDir}report-reconfigured-seed-${result.seed}.png`, fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
