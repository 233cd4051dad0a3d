/**
 * The seeds test/sim/sweep.test.ts runs on the correct code with every oracle
 * on (1..CLEAN_SWEEP_LAST_SEED). Other tests that need "the correct code passes
 * seeds 1..N" leave these to it rather than run them a second time.
 */
export const CLEAN_SWEEP_LAST_SEED = 200;
