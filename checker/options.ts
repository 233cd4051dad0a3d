/**
 * The budgets of one check. The checker must be deterministic, so it never
 * reads a clock of its own: the caller supplies one (the CLI passes
 * the high-resolution timer of Node) or, better for reproducibility, a step budget.
 */

export interface CheckOptions {
  /** Total search steps over all partitions; exceeding it gives `unknown`. */
  maxSteps?: number;
  /** Milliseconds, read once at the start and then every few thousand steps. Needed by `timeoutMs`. */
  clock?: () => number;
  /** Time budget measured with `clock`; exceeding it gives `unknown`. */
  timeoutMs?: number;
  /** Cap on memo cache entries held at once over all partitions; reaching it gives `unknown`. */
  maxCacheEntries?: number;
  /**
   * Keep searching the other partitions after one is found not linearizable
   * (within the budgets), so that every partition gets its own verdict.
   */
  verbose?: boolean;
  /**
   * Cut each partition's history where nothing is concurrent and search the
   * parts in order (search/cuts.ts); default true. False searches every
   * partition whole, as Porcupine does: same verdicts, for comparison.
   */
  cutHistory?: boolean;
  /**
   * Cut only partitions with more than this many operations to search
   * (default DEFAULT_CUT_ABOVE; 0 cuts every one). The whole search of a
   * short partition is cheap, and cutting has bookkeeping of its own.
   */
  cutAbove?: number;
}

/**
 * Cutting pays where the whole search's memo grows: a sequential history of
 * n operations keeps n bitsets of n bits, 125 KB at a thousand operations
 * but 300 MB at fifty thousand. Below it, on Porcupine's etcd logs (about
 * 80 operations, many never answered), cutting cost half again the time of
 * the whole search.
 */
export const DEFAULT_CUT_ABOVE = 1000;

/**
 * An entry costs about 16 bytes plus 4 per 32 operations of its partition,
 * so this is a few hundred megabytes at most for partitions of up to a
 * thousand operations. The hardest reference history (jepsen/etcd_002) peaks
 * at about 180,000 entries. Each search step adds at most one entry, so a
 * step budget bounds memory too.
 */
export const DEFAULT_MAX_CACHE_ENTRIES = 2_000_000;

export interface Budget {
  maxSteps: number;
  clock: (() => number) | null;
  timeoutMs: number;
  maxCacheEntries: number;
  verbose: boolean;
  /** Partitions with more operations to search than this are cut; Infinity when cutHistory is false. */
  cutAbove: number;
}

export function resolveOptions(options: CheckOptions): Budget {
  const maxSteps = options.maxSteps ?? Number.POSITIVE_INFINITY;
  const timeoutMs = options.timeoutMs ?? Number.POSITIVE_INFINITY;
  const maxCacheEntries = options.maxCacheEntries ?? DEFAULT_MAX_CACHE_ENTRIES;
  if (!(maxSteps > 0)) throw new RangeError(`maxSteps must be positive, got ${maxSteps}`);
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  if (!(maxCacheEntries > 0)) throw new RangeError(`maxCacheEntries must be positive, got ${maxCacheEntries}`);
  const cutAbove = options.cutHistory === false ? Number.POSITIVE_INFINITY : (options.cutAbove ?? DEFAULT_CUT_ABOVE);
  if (!(cutAbove >= 0)) throw new RangeError(`cutAbove must be at least 0, got ${options.cutAbove}`);
  if (options.timeoutMs !== undefined && options.clock === undefined) {
    throw new RangeError('timeoutMs needs a clock: the checker never reads the time by itself');
  }
  return { maxSteps, clock: options.clock ?? null, timeoutMs, maxCacheEntries, verbose: options.verbose ?? false, cutAbove };
}
