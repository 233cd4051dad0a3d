/**
 * The whole run's message traffic as a histogram, so the page can show where
 * the traffic (and the drops and duplicates) were even outside the window of
 * individual messages, at a fixed cost of a few hundred numbers.
 */

import type { TrafficHistogram } from './report-data.js';

export interface TrafficSample {
  sent: number;
  dropped: boolean;
  duplicate: boolean;
}

export const DEFAULT_TRAFFIC_BUCKETS = 400;

export function trafficHistogram(
  messages: Iterable<TrafficSample>,
  runStart: number,
  runEnd: number,
  buckets: number = DEFAULT_TRAFFIC_BUCKETS,
): TrafficHistogram {
  // Whole milliseconds keep the page's arithmetic and the JSON simple.
  const bucket = Math.max(1, Math.ceil((runEnd - runStart) / buckets));
  const count = Math.max(1, Math.ceil((runEnd - runStart) / bucket));
  const sent = new Array<number>(count).fill(0);
  const dropped = new Array<number>(count).fill(0);
  const duplicated = new Array<number>(count).fill(0);
  for (const message of messages) {
    const index = Math.min(count - 1, Math.max(0, Math.floor((message.sent - runStart) / bucket)));
    sent[index] = (sent[index] as number) + 1;
    if (message.dropped) dropped[index] = (dropped[index] as number) + 1;
    if (message.duplicate) duplicated[index] = (duplicated[index] as number) + 1;
  }
  return { bucket, sent, dropped, duplicated };
}
