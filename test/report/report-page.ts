/**
 * What the browser tests read off a rendered report: the verdict banner, the
 * failure point, and counts of the drawn elements, all through the stable
 * data-* attributes the page promises (see render-report.ts and the scripts).
 */

import type { Page } from 'playwright-core';

export interface PageFacts {
  status: string | null;
  kind: string | null;
  bannerTime: string | null;
  bannerNode: string | null;
  lanes: string[];
  roleSegments: number;
  /** Ops drawn one by one. */
  opBars: number;
  /** Ops drawn merged into dense paths (narrower than a few pixels at this zoom). */
  denseOps: number;
  clientRows: number;
  messageArrows: number;
  failurePoint: { time: string | null; node: string | null; stuckOp: string | null; kind: string | null } | null;
  stuckBars: string[];
  availability: AvailabilityFacts;
}

/** What the availability panel drew. */
export interface AvailabilityFacts {
  /** Band rows, e.g. ['leader', 'down', 'network']. */
  bandRows: string[];
  /** Drawn bands by kind: leader, no-leader, calm, down, partition, pause, ... */
  bands: Record<string, number>;
  /** The no-leader bands' tips, "no-leader:start:end". */
  stalls: string[];
  /** Operations with a latency dot in view, by outcome (dots on the same pixel merge; these count the ops). */
  latencyOps: Record<string, number>;
  /** 100 ms buckets in view. */
  throughputBuckets: number;
  throughputPaths: number;
}

export async function readPage(page: Page): Promise<PageFacts> {
  return page.evaluate(() => {
    const banner = document.querySelector('#verdict');
    const point = document.querySelectorAll('[data-failure-point]');
    if (point.length > 1) throw new Error(`${point.length} failure points; there must be at most one`);
    const p = point[0];
    return {
      status: banner?.getAttribute('data-status') ?? null,
      kind: banner?.getAttribute('data-kind') ?? null,
      bannerTime: banner?.getAttribute('data-time') ?? null,
      bannerNode: banner?.getAttribute('data-node') ?? null,
      lanes: [...document.querySelectorAll('#lanes [data-lane]')].map((lane) => lane.getAttribute('data-lane') ?? ''),
      roleSegments: document.querySelectorAll('#lanes [data-role]').length,
      opBars: document.querySelectorAll('#history [data-op-id]').length,
      denseOps: [...document.querySelectorAll('#history [data-dense]')].reduce((sum, path) => sum + Number(path.getAttribute('data-dense')), 0),
      clientRows: document.querySelectorAll('#history .lane-label').length,
      messageArrows: document.querySelectorAll('#messages [data-message]').length,
      failurePoint:
        p === undefined
          ? null
          : {
              time: p.getAttribute('data-time'),
              node: p.getAttribute('data-node'),
              stuckOp: p.getAttribute('data-stuck-op'),
              kind: p.getAttribute('data-kind'),
            },
      stuckBars: [...document.querySelectorAll('#history [data-stuck]')].map((bar) => bar.getAttribute('data-op-id') ?? ''),
      availability: {
        bandRows: [...document.querySelectorAll('#availability [data-band-row]')].map((row) => row.getAttribute('data-band-row') ?? ''),
        bands: [...document.querySelectorAll('#availability [data-band]')].reduce<Record<string, number>>((counts, band) => {
          const kind = band.getAttribute('data-band') ?? '';
          counts[kind] = (counts[kind] ?? 0) + 1;
          return counts;
        }, {}),
        stalls: [...document.querySelectorAll('#availability [data-band="no-leader"]')].map((band) => band.getAttribute('data-tip') ?? ''),
        latencyOps: Object.fromEntries(
          [...document.querySelectorAll('#availability [data-latency]')].map((path) => [path.getAttribute('data-latency') ?? '', Number(path.getAttribute('data-dots'))]),
        ),
        throughputBuckets: Number(document.querySelector('#availability [data-buckets]')?.getAttribute('data-buckets') ?? -1),
        throughputPaths: document.querySelectorAll('#availability [data-throughput]').length,
      },
    };
  });
}
