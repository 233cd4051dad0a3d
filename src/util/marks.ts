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

export function mark(name: string): void {
  counts.set(name, (counts.get(name) ?? 0) + 1);
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
