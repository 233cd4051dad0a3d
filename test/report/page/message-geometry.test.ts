import { describe, expect, it } from 'vitest';
import { kindColors, lighten, nearestSegment, stubLength } from '../../../src/report/page/message-geometry.js';
import type { ReportMessage } from '../../../src/report/report-data.js';

function message(sent: number, received: number | null): ReportMessage {
  return { from: 1, to: 2, sent, received, kind: 'AppendEntries', description: '', dropped: false, duplicate: false };
}

describe('message diagram geometry', () => {
  it('gives a request and its response one hue (the response lighter), and the usual Raft kinds fixed colours', () => {
    const colors = kindColors(['RequestVoteReply', 'AppendEntries', 'AppendEntriesResponse', 'Gossip', 'RequestVote', 'AppendEntries']);
    expect(colors.get('AppendEntries')).toBe('#2f6fdf');
    expect(colors.get('AppendEntriesResponse')).toBe(lighten('#2f6fdf'));
    expect(colors.get('RequestVote')).toBe('#e0771b');
    expect(colors.get('RequestVoteReply')).toBe(lighten('#e0771b'));
    expect(colors.get('Gossip')).toBe('#16a085');
    expect(lighten('#000000')).toBe('rgb(115,115,115)');
    expect(lighten('#ffffff')).toBe('rgb(255,255,255)');
  });

  it('draws undelivered messages as stubs of 60% of the median delivery latency', () => {
    expect(stubLength([message(0, 10), message(0, 20), message(0, 30), message(5, null)], 0, 100)).toBeCloseTo(12, 9);
    expect(stubLength([message(5, null)], 0, 1000)).toBeCloseTo(12, 9);
  });

  it('picks the arrow nearest to the mouse, within 6 px', () => {
    const segments = [
      { x1: 0, y1: 0, x2: 100, y2: 0 },
      { x1: 0, y1: 10, x2: 100, y2: 10 },
    ];
    expect(nearestSegment(segments, 50, 3)).toBe(0);
    expect(nearestSegment(segments, 50, 7)).toBe(1);
    expect(nearestSegment(segments, 50, 30)).toBe(-1);
    expect(nearestSegment(segments, 104, 1)).toBe(0);
    expect(nearestSegment([{ x1: 5, y1: 5, x2: 5, y2: 5 }], 6, 6)).toBe(0);
  });
});
