/**
 * Coverage marks: named counters for rare, interesting situations ("a torn WAL
 * tail was truncated at recovery"). Code under test calls `mark(name)`; a sweep
 * reports how often each was hit and which never were, so a fault mix too weak
 * to reach a branch shows up. Counting is deterministic and never changes
 * behaviour. Every mark must be declared in MARKS so that "never hit" is known.
 */

export const MARKS = {} as Record<string, string>;

const counts = new Map<string, number>();

/** The declared names in order, sorted once rather than for every run's counts (reset by each declaration). */
let sortedNames: string[] | null = null;

/** Declare marks (name -> one-line description). Called at module load by their owners. */
export function declareMarks(descriptions: Record<string, string>): void {
  for (const [name, description] of Object.entries(descriptions)) MARKS[name] = description;
  sortedNames = null;
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
  sortedNames ??= Object.keys(MARKS).sort();
  const result: [string, number][] = sortedNames.map((name) => [name, counts.get(name) ?? 0]);
  for (const [name, count] of counts) if (!(name in MARKS)) result.push([name, count]);
  // Built in one go: a hundred keyed stores into `{}` make a slow dictionary, at the end of every run.
  return Object.fromEntries(result);
}

export function resetMarks(): void {
  counts.clear();
}
