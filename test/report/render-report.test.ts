import { describe, expect, it } from 'vitest';
import { jsonForScriptElement } from '../../src/report/embed-json.js';
import { unpackReport, type EmbeddedReport } from '../../src/report/embedded-report.js';
import { packEvents, unpackEvents, type PackedEvents } from '../../src/report/pack-events.js';
import { packOps, unpackOps, type PackedOps } from '../../src/report/pack-ops.js';
import type { ReportData } from '../../src/report/report-data.js';
import { renderReport } from '../../src/report/render-report.js';
import { syntheticReport } from './fixtures/synthetic-run.js';

/** The data the page will see: the embedded JSON, taken out of the HTML as the browser does, unpacked as the page does. */
function embeddedData(html: string): ReportData {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  expect(match).not.toBeNull();
  return unpackReport(JSON.parse(match![1]!) as EmbeddedReport);
}

describe('renderReport', () => {
  it('embeds the data so that the page parses back exactly the same data', () => {
    const data = syntheticReport({ seed: 3, durationMs: 8000, failure: 'linearizability' });
    expect(embeddedData(renderReport(data))).toEqual(data);
  });

  it('packs operations into columns and unpacks them exactly', () => {
    const ops = syntheticReport({ seed: 4, durationMs: 8000, failure: 'linearizability' }).history.ops;
    expect(ops.some((op) => op.outcome === 'unknown')).toBe(true);
    ops[1]!.outcome = 'failed';
    const packed = packOps(ops);
    expect(packed.outcome).toHaveLength(ops.length);
    expect(unpackOps(JSON.parse(JSON.stringify(packed)) as PackedOps)).toEqual(ops);
    expect(() => packOps([{ ...ops[0]!, id: 5 }])).toThrow(/positions/);
    expect(() => packOps([{ ...ops[0]!, attempts: [[ops[0]!.call + 1, 2]] }])).toThrow(/first attempt/);
  });

  it('packs node events into columns and unpacks them exactly', () => {
    const events = syntheticReport({ seed: 4, durationMs: 8000, failure: 'pass' }).lanes[1]!.events;
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['crash', 'restart', 'torn-write', 'snapshot-installed', 'snapshot-taken']));
    expect(unpackEvents(JSON.parse(JSON.stringify(packEvents(events))) as PackedEvents)).toEqual(events);
  });

  it('cannot be broken out of by strings in the data', () => {
    const data = syntheticReport({ seed: 3, durationMs: 8000, failure: 'linearizability' });
    data.history.ops[0]!.input = 'put x=</script><script>alert(1)</script><!--';
    data.verdict.message = '<b>"quoted" & </script>';
    const html = renderReport(data);
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the data block's and the code block's own
    expect(html).toContain('&lt;b&gt;&quot;quoted&quot; &amp; &lt;/script&gt;');
    expect(embeddedData(html)).toEqual(data);
    expect(jsonForScriptElement('</x>')).toBe('"\\u003c/x>"');
  });

  it('loads nothing from anywhere: no external resources, and a CSP that forbids them', () => {
    const html = renderReport(syntheticReport({ seed: 3, durationMs: 8000, failure: 'pass' }));
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
    expect(html).toContain(`content="default-src 'none';`);
  });

  it('states the verdict in the HTML itself, with stable attributes', () => {
    const failing = syntheticReport({ seed: 11, durationMs: 8000, failure: 'invariant' });
    const html = renderReport(failing);
    expect(html).toContain('<header id="verdict" class="banner fail" data-status="fail" data-kind="invariant" data-invariant="election-safety"');
    expect(html).toContain(`data-time="${failing.verdict.time}" data-node="3"`);
    expect(html).toContain('Invariant violated: election-safety');
    expect(html).toContain('raft-check --seed 11 --bug double-vote');
    expect(html).toContain('abc1234:1:5f3e9a');

    const passing = renderReport(syntheticReport({ seed: 11, durationMs: 8000, failure: 'pass' }));
    expect(passing).toContain('class="banner pass" data-status="pass" data-kind="pass"');
    expect(passing).not.toContain('data-time=');
  });

  it('is pure: the same data renders to the same page', () => {
    const data = syntheticReport({ seed: 5, durationMs: 8000, failure: 'linearizability' });
    expect(renderReport(data)).toBe(renderReport(structuredClone(data)));
  });

  it('stays small on a long run: tens of thousands of events in about a megabyte', () => {
    const data = syntheticReport({ seed: 9, durationMs: 300_000, failure: 'linearizability', clients: 6 });
    const html = renderReport(data);
    expect(data.run.events).toBeGreaterThan(40_000);
    expect(data.messages.messages.length).toBeLessThanOrEqual(4000);
    // About 1.1 MB for 105k events and 28k operations; the operations are most of it.
    expect(Buffer.byteLength(html)).toBeLessThan(1_500_000);
  });
});
