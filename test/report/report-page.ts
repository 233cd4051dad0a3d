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
    };
  });
}
