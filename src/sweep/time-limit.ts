/** `--time-limit 10m`: a wall-clock budget for a sweep, written with a unit. */

export class TimeLimitError extends Error {
  override readonly name = 'TimeLimitError';
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const MAX_MS = 7 * 24 * 3_600_000;

/** "90s", "10m", "1.5h", "500ms" -> milliseconds. */
export function parseTimeLimit(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new TimeLimitError(`--time-limit takes a duration with a unit, like 90s, 10m or 2h; got "${text}"`);
  const ms = Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
  if (ms < 1 || ms > MAX_MS) throw new TimeLimitError(`--time-limit must be between 1ms and 7 days, got ${text}`);
  return ms;
}
