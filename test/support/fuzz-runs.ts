/**
 * How many cases a property or fuzz test tries. `npm test` runs the default, a
 * size that still finds what these tests were written against within seconds;
 * RAFT_CHECK_NIGHTLY=1 multiplies it by NIGHTLY_FACTOR for a scheduled deeper
 * run. fast-check draws the same cases from the same seed, so a nightly run
 * tries the default cases first and then more.
 */

export const NIGHTLY = process.env['RAFT_CHECK_NIGHTLY'] === '1';

export const NIGHTLY_FACTOR = 10;

export function fuzzRuns(defaultRuns: number): number {
  return NIGHTLY ? defaultRuns * NIGHTLY_FACTOR : defaultRuns;
}
