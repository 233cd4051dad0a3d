/**
 * How long a calm majority may stay leaderless depends on how likely one
 * election round is to gather its votes.
 *
 * Raft sends each vote request once per candidacy: etcd's raft and
 * hashicorp/raft (runCandidate) both wait out the election timeout and stand
 * again rather than ask a silent voter twice, and so does our node. On a
 * network that loses a share `drop` of peer messages, a grant arrives only if
 * the request and the reply both do, (1 - drop)^2. A candidate of a
 * configuration with q = a majority of its voters, m of which are calm, needs
 * q - 1 grants from the m - 1 other calm voters. With room to spare (m > q)
 * a lost grant is rarely missed; in a bare majority (m = q) every one of them
 * must arrive, and at a 20% loss six voters with four calm ones elect in
 * barely one round in four (seed 1571).
 *
 * W (availability.ts) was measured on windows whose rounds nearly always
 * gather their votes, where a round fails when the votes split, which happens
 * with some chance `SPLIT_CHANCE`. A round of a window whose votes arrive
 * with chance P fails with chance 1 - (1 - SPLIT_CHANCE) P. Keeping the
 * chance that every round of the stretch fails as small as W keeps it,
 *   SPLIT_CHANCE^(W / round) = (1 - (1 - SPLIT_CHANCE) P)^(bound / round),
 * gives the leaderless bound W ln(SPLIT_CHANCE) / ln(1 - (1 - SPLIT_CHANCE) P):
 * W itself when every vote arrives, about 1.1 W for a bare majority of three
 * at a 1% loss, and 6.3 W for seed 1571's. docs/availability-and-promises.md ("Message loss and bare
 * majorities") gives the measurements behind it and SPLIT_CHANCE.
 */

import type { NodeId } from '../../harness/api.js';
import { majorityOf } from './calm-majority.js';

/**
 * The chance that a round with every vote delivered still fails (split votes, a second candidate), as
 * measured on windows with calm voters to spare; `splitChance` can only raise it.
 */
export const SPLIT_CHANCE = 0.2;

/**
 * The chance that a round splits, from the situation: how many calm voters a candidate needs against how
 * many there are, and how long a vote request takes to land against the spread of election timeouts.
 *
 * After a failed round the calm voters restart their timers about together (the candidates at their
 * candidacy, the rest on granting a vote), each drawing a timeout spread over `spreadMs`. The first to run
 * out stands; a voter whose own timer runs out before the request's flight (`flightMs`: the candidate's
 * fsync and a network delay) has landed stands in the same term and grants nothing. With m calm voters of
 * a majority q, the round is lost once more than m - q of the others stand within the flight of the first:
 * the first of m uniform draws and the (m - q + 1) others after it all within a share x = flight / spread
 * of the spread, which for uniform draws is P(Binomial(m, x) >= m - q + 1) (the gap from the first to the
 * j-th draw after it is Beta(j, m - j + 1) distributed). With voters to spare this is small (five calm of
 * five, x = 0.2: 0.06); where every calm voter is needed it is 1 - (1 - x)^m (three of three: 0.49), and a
 * streak of splits is far likelier than on the windows SPLIT_CHANCE was measured on (seed 32640 of
 * `--nodes 5 --profile brutal`: {n3,n4,n5} the only calm voters of {n2..n5}, 90 ms of spread against a
 * flight of 18 ms, six rounds split by a second candidate). The window's split chance is the larger of
 * this, in the configuration where it is largest, and SPLIT_CHANCE.
 */
export function splitChance(members: readonly NodeId[], configurations: readonly (readonly NodeId[])[], flightMs: number, spreadMs: number): number {
  const share = flightMs <= 0 ? 0 : spreadMs > 0 ? Math.min(1, flightMs / spreadMs) : 1;
  let split = SPLIT_CHANCE;
  for (const voters of configurations) {
    let calm = 0;
    for (const voter of voters) if (members.includes(voter)) calm++;
    const spare = calm - majorityOf(voters.length);
    // Without a calm majority no round wins at all: the vote chance is 0 there and sets no bound.
    if (spare >= 0) split = Math.max(split, atLeast(spare + 1, calm, share));
  }
  return split;
}

/**
 * The chance that a round's candidate gathers a majority of grants from the
 * calm `members`, in the configuration where that is least likely, when
 * peer messages are lost at `dropRate`. With PreVote a round is two such
 * exchanges, the pre-votes and then the votes.
 */
export function voteRoundChance(members: readonly NodeId[], configurations: readonly (readonly NodeId[])[], dropRate: number, preVote: boolean): number {
  const granted = (1 - dropRate) ** 2;
  let chance = 1;
  for (const voters of configurations) {
    let calm = 0;
    for (const voter of voters) if (members.includes(voter)) calm++;
    chance = Math.min(chance, atLeast(majorityOf(voters.length) - 1, calm - 1, granted));
  }
  return preVote ? chance ** 2 : chance;
}

/** A node's last log entry: (term, index), compared as RequestVote's up-to-date rule does. */
export interface LastLog {
  term: number;
  index: number;
}

/**
 * Like `voteRoundChance`, but a calm voter grants only a candidate whose log
 * is at least as up-to-date as its own (the election restriction, section
 * 5.4.1). When the calm members' logs differ, a round started by a member
 * whose log is behind fails however many messages arrive: with a bare
 * majority left (two nodes damaged or down of five, one of three) only the
 * member holding the latest entry may win, and it needs every other calm
 * member's grant. Seeds 2063 and 8987: n1 (and n3) repair lost storage, and
 * of the calm {n2,n4,n5} only n2 holds the entry a dead leader sent it; n4
 * and n5 keep timing out first, or within a message delay of n2, and each
 * of their rounds moves the term without a winner. That is plain Raft
 * without PreVote, not a stall of the node.
 *
 * Whichever calm voter times out first starts the round, each as likely as
 * the others (the timeouts are drawn independently from the same range): the
 * round's chance is the mean over candidates of the chance that the ones
 * whose logs it is as up-to-date as grant it. With equal logs this is
 * `voteRoundChance` exactly, so it only lengthens the bound where the logs
 * really leave some members unelectable, and stays finite while any member
 * can win: a node that refuses a candidate the rule says it must grant is
 * still caught. Some member always can: the one with the most up-to-date
 * log is refused by no calm voter.
 *
 * Without PreVote, a calm voter that stands in its own configuration but can
 * never win (no round of its own gathers its votes), and whose configuration
 * leaves the candidate out (its log stops before the entry that added it), is
 * not counted among the candidate's grantors. It keeps standing, sending its
 * RequestVotes only to the voters it knows, so the candidate never hears the
 * terms it stands in; it grants only a request whose term passes its own, and
 * two candidates timing out at the same pace stay in step, each request
 * arriving in a term the other already voted in. A voter that can win, or a
 * node outside its own configuration, does not keep standing (or is a bug
 * the bound must still catch: a removed node that campaigns). When every
 * candidate needs such a voter, the chance is 0 and `leaderlessBoundMs` sets
 * no bound: the stretch ends when one candidate's term passes the hidden
 * one's, a race of timing (seed 5079 of `--profile brutal`: n5 needed the
 * empty-logged n2, whose configuration {n1,n2,n3} left n5 out). Seed 43511 (40001..46000): n3, behind and holding the old
 * configuration {n1,n2,n3}, stood every ~170ms on a fast clock; n4 needed
 * its vote and reached each of n3's terms second, for 5.5s, until n1 timed
 * out. With PreVote the voter that cannot win never raises its term, and
 * grants as before.
 */
export function logRoundChance(
  members: readonly NodeId[],
  configurations: readonly (readonly NodeId[])[],
  dropRate: number,
  preVote: boolean,
  lastLog: (node: NodeId) => LastLog | null,
  /** Each member's own voters (the latest configuration in its log); without it every member is taken to know every candidate. */
  configurationOf?: (node: NodeId) => readonly NodeId[],
): number {
  const granted = (1 - dropRate) ** 2;
  const logs = members.map((node) => lastLog(node));
  // A member in no configuration (a new server still catching up) never stands.
  const stands = members.map((node) => configurations.some((voters) => voters.includes(node)));
  const roundChance = (c: number, ignored: (v: number) => boolean): number => {
    const mine = logs[c];
    let chance = 1;
    for (const voters of configurations) {
      let grantors = 0;
      for (let v = 0; v < members.length; v++) {
        if (v === c || !voters.includes(members[v] as NodeId) || ignored(v)) continue;
        const theirs = logs[v];
        if (mine === null || mine === undefined || theirs === null || theirs === undefined || !behind(mine, theirs)) grantors++;
      }
      chance = Math.min(chance, atLeast(majorityOf(voters.length) - 1, grantors, granted));
    }
    return preVote ? chance ** 2 : chance;
  };
  const plain = members.map((_, c) => (stands[c] ? roundChance(c, () => false) : 0));
  // Without PreVote, a member that stands in its own configuration and can never win keeps standing, in terms
  // only the voters it knows hear of: its grant does not count for a candidate outside its configuration.
  const own = preVote || configurationOf === undefined ? null : members.map((node) => configurationOf(node));
  const hidden = own === null ? null : members.map((node, v) => stands[v] && plain[v] === 0 && (own[v] as readonly NodeId[]).includes(node));
  let sum = 0;
  let candidates = 0;
  for (let c = 0; c < members.length; c++) {
    if (!stands[c]) continue;
    candidates++;
    const candidate = members[c] as NodeId;
    const hides = (v: number): boolean => hidden !== null && own !== null && hidden[v] === true && !(own[v] as readonly NodeId[]).includes(candidate);
    sum += members.some((_, v) => hides(v)) ? roundChance(c, hides) : (plain[c] as number);
  }
  return candidates === 0 ? 0 : sum / candidates;
}

/** `a` is less up-to-date than `b` (a voter holding `b` refuses a candidate holding `a`). */
export function behind(a: LastLog, b: LastLog): boolean {
  return a.term < b.term || (a.term === b.term && a.index < b.index);
}

/**
 * How long a calm majority may go without a followed leader when a round's votes arrive with chance
 * `voteChance` and its votes split with chance `split` (`splitChance`; SPLIT_CHANCE, what W was measured on, unless told).
 */
export function leaderlessBoundMs(windowMs: number, voteChance: number, split = SPLIT_CHANCE): number {
  if (voteChance >= 1 && split <= SPLIT_CHANCE) return windowMs;
  // No round is expected to win (every candidate needs a voter that hides its terms from it): the race that
  // ends it is one of timing this model does not price, so no bound (seed 5079 of --profile brutal).
  if (voteChance <= 0 || split >= 1) return Number.POSITIVE_INFINITY;
  const roundFails = 1 - (1 - split) * voteChance;
  return (windowMs * Math.log(SPLIT_CHANCE)) / Math.log(roundFails);
}

/** P(at least `needed` of `trials` independent events of chance `p`). */
function atLeast(needed: number, trials: number, p: number): number {
  let sum = 0;
  let ways = 1; // trials choose k
  for (let k = 0; k <= trials; k++) {
    if (k >= needed) sum += ways * p ** k * (1 - p) ** (trials - k);
    ways = (ways * (trials - k)) / (k + 1);
  }
  return sum;
}
