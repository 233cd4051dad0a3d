/**
 * Goal: the HTML view is one self-contained page that escapes whatever the
 * history contains and marks exactly the reported stuck operation. Method:
 * render small histories and inspect the markup (the browser test covers
 * behaviour).
 */

import { describe, expect, it } from 'vitest';
import { checkHistory, renderHtml, type HistoryFile, type KvInput, type KvOutput } from '@raft-check/checker';
import { get, put } from './kv-history.js';

function history(operations: HistoryFile<KvInput, KvOutput>['operations']): HistoryFile<KvInput, KvOutput> {
  return { format: 'raft-check/history@1', model: 'kv', operations };
}

describe('renderHtml', () => {
  it('escapes keys and values, so a history cannot inject markup', () => {
    const evil = '</script><script>alert(1)</script>"\'&';
    const h = history([put(0, 0, 1, evil, evil), get(1, 2, 3, evil, 'other')]);
    const page = renderHtml(checkHistory(h), h);
    expect(page).not.toContain('<script>alert(1)');
    expect(page.match(/<script>/g)).toHaveLength(1);
    expect(page).toContain('&lt;/script&gt;');
  });

  it('is self-contained: no external scripts, styles or links', () => {
    const h = history([put(0, 0, 1, 'x', '1')]);
    const page = renderHtml(checkHistory(h), h);
    expect(page).not.toMatch(/<script[^>]+src=|<link|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('marks exactly the stuck operation of a failed partition', () => {
    const h = history([put(0, 0, 1, 'x', '1'), get(1, 2, 3, 'x', ''), put(0, 4, 5, 'y', '2')]);
    const result = checkHistory(h);
    const page = renderHtml(result, h, { title: 'example' });
    expect(page.match(/<g [^>]*data-stuck="true"/g)).toHaveLength(1);
    expect(page).toMatch(/<g class="op stuck" data-op-index="1"[^>]*data-stuck="true"/);
    expect(page).toContain('<title>example</title>');
  });

  it('shows the frontier of an unknown partition without calling it stuck', () => {
    const operations = [];
    for (let client = 0; client < 6; client++) operations.push(put(client, 0, 10, 'x', String(client)));
    for (let client = 0; client < 6; client++) operations.push(get(client, 11, 12, 'x', String((client + 1) % 6)));
    const h = history(operations);
    const result = checkHistory(h, { maxSteps: 80 });
    expect(result.verdict).toBe('unknown');
    const page = renderHtml(result, h);
    expect(page).not.toMatch(/<g [^>]*data-stuck="true"/);
    expect(page).toMatch(/<g class="op[^"]* frontier"/);
    expect(page).toContain('verdict-unknown');
  });

  it('refuses a history other than the one checked', () => {
    const kv = history([put(0, 0, 1, 'x', '1')]);
    const result = checkHistory(kv);
    const register: HistoryFile = { format: 'raft-check/history@1', model: 'cas-register', operations: [] };
    expect(() => renderHtml(result, register)).toThrow(/history that was checked/);
  });
});
