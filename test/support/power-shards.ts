/**
 * test/bugs/power.test.ts searches every catalogued bug's seeds: most of the
 * suite's CPU, in one file, which vitest runs on one worker while the other
 * finishes everything else and then waits. vitest.config.ts therefore runs
 * the file as several projects, each with RAFT_CHECK_POWER_SHARD=K/N, and each
 * searches only its share of the bugs; together they search every bug once.
 * The shares are about equally costly: a bug's seed budget is about twice the
 * seeds its search takes, so bugs are dealt largest budget first, each to the
 * share with the smallest total so far (ties by catalog order: the split is
 * the same on every machine). Without the variable the file searches all.
 */

export const POWER_SHARD_ENV = 'RAFT_CHECK_POWER_SHARD';

export interface PowerShard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export function powerShardOf(text: string | undefined): PowerShard {
  if (text === undefined || text === '') return { index: 1, count: 1 };
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) throw new Error(`${POWER_SHARD_ENV} must be K/N with 1 <= K <= N, got ${JSON.stringify(text)}`);
  return { index, count };
}

/** The bugs of one share, in catalog order. */
export function bugsOfShard<Bug extends string>(bugs: readonly Bug[], budgets: Readonly<Record<Bug, number>>, shard: PowerShard): Bug[] {
  const totals = new Array<number>(shard.count).fill(0);
  const owner = new Map<Bug, number>();
  const largestFirst = [...bugs].sort((a, b) => budgets[b] - budgets[a] || bugs.indexOf(a) - bugs.indexOf(b));
  for (const bug of largestFirst) {
    const lightest = totals.indexOf(Math.min(...totals));
    owner.set(bug, lightest);
    totals[lightest]! += budgets[bug];
  }
  return bugs.filter((bug) => owner.get(bug) === shard.index - 1);
}
