/**
 * Coverage marks: named counters for rare, interesting situations ("a torn WAL
 * tail was truncated at recovery"). Code under test calls `mark(name)`; a sweep
 * reports how often each was hit and which never were, so a fault mix too weak
 * to reach a branch shows up. Counting is deterministic and never changes
 * behaviour. Every mark must be declared in MARKS so that "never hit" is known.
 */

export const MARKS = {} as Record<string, string>;

const counts = new Map<string, number>();

/**
 * Every declared name with a count of 0, in name order: made once (again after each declaration),
 * and copied for each run's counts, where building an object of a hundred-odd names cost more than
 * the rest of the counting.
 */
let zeroCounts: Record<string, number> | null = null;

/** Declare marks (name -> one-line description). Called at module load by their owners. */
export function declareMarks(descriptions: Record<string, string>): void {
  for (const [name, description] of Object.entries(descriptions)) MARKS[name] = description;
  zeroCounts = null;
}

/** Above 0 while code runs that the run's coverage must not count (withoutMarks). */
let muted = 0;

export function mark(name: string): void {
  if (muted === 0) counts.set(name, (counts.get(name) ?? 0) + 1);
}

/**
 * Runs `action` without counting its marks: the simulator's throwaway recoveries
 * (src/sim/oracles/ghost-recovery.ts) run the node's code for a judgment only, and a
 * branch they reach was not reached by the run.
 */
export function withoutMarks<T>(action: () => T): T {
  muted++;
  try {
    return action();
  } finally {
    muted--;
  }
}

/** Counts since the last reset, for every declared mark (0 if never hit). */
export function markCounts(): Record<string, number> {
  // Built in one go (a hundred keyed stores into `{}` make a slow dictionary) and copied whole: a
  // copy keeps the fast shape, and its names stay in order when a count replaces a 0. Undeclared
  // names (none in a correct build) come after the declared ones, in the order they were hit.
  zeroCounts ??= Object.fromEntries(Object.keys(MARKS).sort().map((name) => [name, 0]));
  const result = { ...zeroCounts };
  // forEach, not for...of: no [name, count] pair per hit mark.
  counts.forEach((count, name) => {
    result[name] = count;
  });
  return result;
}

export function resetMarks(): void {
  counts.clear();
}
