/**
 * Which messages the report keeps one by one. A long run sends far more
 * messages than a diagram can show (or a file should hold), and the story of a
 * failure is almost always in the last moments before it, so the report keeps
 * the messages of one window: by default the `span` ms before the failure, or,
 * for a passing run, the busiest `span` ms. The rest of the traffic survives
 * only as a histogram (traffic-histogram.ts).
 */

export interface WindowChoice {
  start: number;
  end: number;
  reason: string;
}

export interface WindowOptions {
  /** Window length in ms. */
  span: number;
  /** At most this many messages in the window; the window shrinks (keeping its end) to fit. */
  cap: number;
}

export const DEFAULT_WINDOW: WindowOptions = { span: 2000, cap: 4000 };

/**
 * `sendTimes` must be sorted. `failureTime` null means a passing run. The
 * window also shows a little time after the failure (a tenth of the span), so
 * the messages in flight at that moment are visible.
 */
export function chooseMessageWindow(
  sendTimes: readonly number[],
  runStart: number,
  runEnd: number,
  failureTime: number | null,
  options: WindowOptions = DEFAULT_WINDOW,
): WindowChoice {
  if (runEnd - runStart <= options.span && sendTimes.length <= options.cap) {
    return { start: runStart, end: runEnd, reason: 'whole run' };
  }
  let choice: WindowChoice;
  if (failureTime !== null) {
    const end = Math.min(runEnd, failureTime + options.span / 10);
    choice = { start: Math.max(runStart, end - options.span), end, reason: 'before the failure' };
  } else {
    choice = busiestWindow(sendTimes, runStart, runEnd, options.span);
  }
  return shrinkToCap(sendTimes, choice, options.cap);
}

/** The `span`-long window with the most sends (the earliest one on ties), by a two-pointer sweep. */
function busiestWindow(sendTimes: readonly number[], runStart: number, runEnd: number, span: number): WindowChoice {
  let bestStart = runStart;
  let bestCount = -1;
  let first = 0;
  for (let last = 0; last < sendTimes.length; last++) {
    const lastTime = sendTimes[last] as number;
    while ((sendTimes[first] as number) < lastTime - span) first++;
    const count = last - first + 1;
    if (count > bestCount) {
      bestCount = count;
      bestStart = Math.max(runStart, lastTime - span);
    }
  }
  const start = Math.max(runStart, Math.min(bestStart, runEnd - span));
  return { start, end: Math.min(runEnd, start + span), reason: `busiest ${formatSpan(span)}` };
}

/** Moves the window's start later until it holds at most `cap` sends. */
function shrinkToCap(sendTimes: readonly number[], choice: WindowChoice, cap: number): WindowChoice {
  const lastInside = upperBound(sendTimes, choice.end) - 1;
  const firstInside = lowerBound(sendTimes, choice.start);
  if (lastInside - firstInside + 1 <= cap) return choice;
  const newStart = sendTimes[lastInside - cap + 1] as number;
  return { start: newStart, end: choice.end, reason: `${choice.reason}, shortened to ${cap} messages` };
}

/** First index whose value is >= t. */
export function lowerBound(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > t. */
export function upperBound(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function formatSpan(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}
