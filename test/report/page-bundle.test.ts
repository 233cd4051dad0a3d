/**
 * The report page's script is built from src/report/page/ by esbuild and
 * committed as src/report/page-script.generated.ts (so that the installed
 * package, `tsc -b` and the tests need no bundler). This test fails when the
 * committed bundle is not what the sources make: run `npm run build`.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPORT_PAGE_SCRIPT } from '../../src/report/page-script.generated.js';
import { renderReport } from '../../src/report/render-report.js';
import { syntheticReport } from './fixtures/synthetic-run.js';

// @ts-expect-error: a plain ES module of the build, without types.
const bundler = (await import('../../scripts/bundle-report-page.mjs')) as {
  bundleReportPage(): Promise<string>;
  generatedModule(code: string): string;
};

describe('the report page bundle', () => {
  it('is up to date with the page sources', async () => {
    const committed = readFileSync(new URL('../../src/report/page-script.generated.ts', import.meta.url), 'utf8');
    expect(committed).toBe(bundler.generatedModule(await bundler.bundleReportPage()));
  });

  it('is one inline script that cannot close its element, in every report', () => {
    expect(REPORT_PAGE_SCRIPT).not.toMatch(/<\/script/i);
    const html = renderReport(syntheticReport({ seed: 3, durationMs: 8000, failure: 'pass' }));
    expect(html).toContain(`<script>${REPORT_PAGE_SCRIPT}</script>`);
    expect(html.match(/<script\b/g)).toHaveLength(2); // the data and the code
  });
});
