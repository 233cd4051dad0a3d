/** The simulator's public surface, for the CLI, sweeps, shrinking and reports. */

export { drawRunConfig, describeFaultMix, describeTuning, validateRunConfig, PROFILES, CHECKER_MAX_STEPS, SNAPSHOT_NEVER } from './config.js';
export type { RunConfig, FaultMix, FaultProfile, ConfigOverrides, PartitionKind } from './config.js';
export { drawPlan, validatePlan, describePlan, describeFault, describeInput, clusterIds, keyName, PLAN_FORMAT } from './plan.js';
export type { Plan, PlanOp, FaultEvent } from './plan.js';
export type { Partition, DelayProfile, LossRates } from './network.js';
export { describePartition } from './network.js';
export { runPlan, runSeed, firstDivergence, configHash } from './run.js';
export type { RunOptions, Divergence } from './run.js';
export { exitCodeOf, EXIT_CODES, failureKindLabel } from './result.js';
export type { RunResult, RunStats, RunFailure, FailureKind, Verdict, AvailabilityStats, TimeSpan } from './result.js';
export { formatTraceEvent } from './trace.js';
export type { TraceEvent, TraceKind } from './trace.js';
export type { System, HistoryChecker } from './system.js';
export { defaultSystem } from './default-system.js';
export { InvariantChecker, InvariantViolation, commandKey } from './invariants.js';
export type { InvariantName } from './invariants.js';
export { hashText, Hash64 } from './hash.js';
