/**
 * Goal (issue 10, item 12): the HTML view stays linear in the history. Append
 * histories were quadratic: every operation's tooltip held the whole value
 * after it, so 300 appends of 1 KB gave a 136 MB page and 1,000 crashed with
 * "Invalid string length". Target: a page under 10x the history file.
 * Method: render such histories, linearizable and not, and compare sizes;
 * the state the search got stuck in must still be shown whole.
 */

import { describe, expect, it } from 'vitest';
import { checkHistory, parseHistory, renderHtml, type Operation } from '@raft-check/checker';

function appendHistory(appends: number, staleRead: boolean): string {
  const operations: Operation[] = [];
  let value = '';
  for (let index = 0; index < appends; index++) {
    const chunk = String.fromCharCode(97 + (index % 26)).repeat(1024);
    value += chunk;
    operations.push({ client: 0, call: 2 * index, return: 2 * index + 1, input: { op: 'append', key: 'k', value: chunk }, output: {} });
  }
  const seen = staleRead ? value.slice(0, -1) : value;
  operations.push({ client: 1, call: 2 * appends, return: 2 * appends + 1, input: { op: 'get', key: 'k' }, output: { value: seen } });
  return JSON.stringify({ format: 'raft-check/history@1', model: 'kv', operations });
}

describe('HTML view size', () => {
  it.each([
    [300, false],
    [300, true],
    [1000, true],
  ])('%i appends of 1 KB (stale read: %s): a page under 10x the file', (appends, staleRead) => {
    const text = appendHistory(appends, staleRead);
    const history = parseHistory(text);
    const result = checkHistory(history);
    expect(result.verdict).toBe(staleRead ? 'not linearizable' : 'linearizable');
    const page = renderHtml(result, history);
    expect(page.length).toBeLessThan(10 * text.length);
    if (staleRead) {
      // The stuck get's "state before" is the whole value: the one state a reader needs in full.
      const stuck = /<g [^>]*data-stuck="true"[^>]*>/.exec(page)![0];
      const before = /data-state-before="([^"]*)"/.exec(stuck)![1]!;
      expect(before.replaceAll('&quot;', '"').length).toBe(appends * 1024 + 2);
    }
  });
});
