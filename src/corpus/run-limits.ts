/**
 * The shape and size limits of a run, the same wherever a run comes from:
 * command-line flags, the overrides and config of a failure file, a plan file.
 * A file is input like a flag; `nodes: 1000`, `safetyMs: 1e15` or `"5"` where
 * a number belongs must be one line of bad input, not an assertion deep in
 * the simulator or a run that eats gigabytes.
 */

import { isBugName, type BugName } from '../bugs/catalog.js';
// The modules themselves, not the simulator's index: the command line reads these limits before it loads a simulation.
import { drawRunConfig, PROFILES, type ConfigOverrides, type FaultProfile } from '../sim/config.js';
import { validatePlan, type Plan } from '../sim/plan.js';
import { UserInputError } from '../util/user-input-error.js';

export class RunShapeError extends UserInputError {
  override readonly name = 'RunShapeError';
}

/** [min, max] of each override: the flags --clients, --ops, --duration and the fields of a file's "overrides". */
export const OVERRIDE_LIMITS = {
  clients: [1, 64],
  opsPerClient: [0, 100_000],
  safetyMs: [100, 3_600_000],
} as const;

/** Upper bounds on a plan's times and sizes; a plan may go below the override minimums (shrinking shortens it). */
const PLAN_MAX = {
  safetyMs: OVERRIDE_LIMITS.safetyMs[1],
  livenessMs: 3_600_000,
  tickMs: 60_000,
  requestTimeoutMs: 3_600_000,
  opDeadlineMs: 3_600_000,
  snapshotEvery: 1_000_000,
  keys: 10_000,
  checkerMaxSteps: 1_000_000_000,
  opsPerClient: OVERRIDE_LIMITS.opsPerClient[1],
  faults: 1_000_000,
} as const;

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

export function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new RunShapeError(`${name} must be an integer in [${min}, ${max}], got ${describe(value)}`);
  }
  return value;
}

/** Bug names anywhere (a flag, overrides, a config): a list of catalogued names, or bad input. */
export function checkBugNames(name: string, value: unknown): BugName[] {
  if (!Array.isArray(value)) throw new RunShapeError(`${name} must be a list of bug names, got ${describe(value)}`);
  for (const bug of value) {
    if (typeof bug !== 'string') throw new RunShapeError(`${name} must hold bug names (strings), got ${describe(bug)}`);
    if (!isBugName(bug)) throw new RunShapeError(`unknown bug ${describe(bug)} in ${name}: run \`raft-check bugs\` for the list`);
  }
  return [...new Set(value as BugName[])];
}

/** A file's "overrides" object, checked field by field with the flags' limits. `where` prefixes the field names. */
export function checkOverrides(where: string, value: unknown): ConfigOverrides {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RunShapeError(`${where} must be an object`);
  const raw = value as Record<string, unknown>;
  const known = new Set(['nodes', 'clients', 'opsPerClient', 'safetyMs', 'profile', 'bugs']);
  const unknown = Object.keys(raw).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new RunShapeError(`${where} has unknown field ${describe(unknown[0])}`);
  const overrides: ConfigOverrides = {};
  if (raw['nodes'] !== undefined) {
    if (raw['nodes'] !== 3 && raw['nodes'] !== 5) throw new RunShapeError(`${where}.nodes must be 3 or 5, got ${describe(raw['nodes'])}`);
    overrides.nodes = raw['nodes'];
  }
  for (const field of ['clients', 'opsPerClient', 'safetyMs'] as const) {
    const [min, max] = OVERRIDE_LIMITS[field];
    if (raw[field] !== undefined) overrides[field] = checkInteger(`${where}.${field}`, raw[field], min, max);
  }
  if (raw['profile'] !== undefined) {
    if (!(PROFILES as readonly unknown[]).includes(raw['profile'])) {
      throw new RunShapeError(`${where}.profile must be one of ${PROFILES.join(', ')}, got ${describe(raw['profile'])}`);
    }
    overrides.profile = raw['profile'] as FaultProfile;
  }
  if (raw['bugs'] !== undefined) overrides.bugs = checkBugNames(`${where}.bugs`, raw['bugs']);
  return overrides;
}

/**
 * A drawn config's fields as a template: every field a file gives must have
 * the type that field has in a config the code draws itself ("5" is not 5),
 * at any depth.
 */
export function checkTypesLike(where: string, value: unknown, template: unknown): void {
  if (template === null || value === undefined) return;
  if (Array.isArray(template)) {
    if (!Array.isArray(value)) throw new RunShapeError(`${where} must be a list, got ${describe(value)}`);
    return;
  }
  if (typeof template === 'object') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RunShapeError(`${where} must be an object, got ${describe(value)}`);
    for (const [key, inner] of Object.entries(template)) checkTypesLike(`${where}.${key}`, (value as Record<string, unknown>)[key], inner);
    return;
  }
  if (typeof value !== typeof template) throw new RunShapeError(`${where} must be a ${typeof template}, got ${describe(value)}`);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RunShapeError(`${where} must be a finite number, got ${describe(value)}`);
}

/** The fault mix's times (every field ending in Ms) and maxDown are whole numbers within the plan's time bound, at any depth. */
function checkFaultMixTimes(where: string, value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'object') checkFaultMixTimes(`${where}.${key}`, inner);
    else if (key.endsWith('Ms') || key === 'maxDown') checkInteger(`${where}.${key}`, inner, 0, PLAN_MAX.livenessMs);
  }
}

/** A plan from a file: types, sizes and bug names, then the simulator's own validation. Returns it typed. */
export function checkPlan(where: string, value: unknown): Plan {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RunShapeError(`${where} must be a JSON object`);
  const raw = value as Record<string, unknown>;
  checkTypesLike(`${where}.config`, raw['config'], drawRunConfig(0));
  const config = raw['config'] as Record<string, unknown> | undefined;
  if (config === undefined) throw new RunShapeError(`${where}.config is missing`);
  for (const [field, max] of Object.entries(PLAN_MAX)) {
    if (field !== 'faults' && config[field] !== undefined) checkInteger(`${where}.config.${field}`, config[field], field === 'opsPerClient' ? 0 : 1, max);
  }
  checkBugNames(`${where}.config.bugs`, config['bugs']);
  checkFaultMixTimes(`${where}.config.faults`, config['faults']);
  if (!Array.isArray(raw['clients'])) throw new RunShapeError(`${where}.clients must be a list`);
  for (const [client, ops] of (raw['clients'] as unknown[]).entries()) {
    if (!Array.isArray(ops)) throw new RunShapeError(`${where}.clients[${client}] must be a list`);
    checkInteger(`${where}.clients[${client}] length`, ops.length, 0, PLAN_MAX.opsPerClient);
    for (const [index, op] of ops.entries()) {
      if (typeof op !== 'object' || op === null) throw new RunShapeError(`${where}.clients[${client}][${index}] must be an object`);
      checkInteger(`${where}.clients[${client}][${index}].afterMs`, (op as Record<string, unknown>)['afterMs'], 0, PLAN_MAX.safetyMs);
    }
  }
  if (!Array.isArray(raw['faults'])) throw new RunShapeError(`${where}.faults must be a list`);
  checkInteger(`${where}.faults length`, raw['faults'].length, 0, PLAN_MAX.faults);
  for (const [index, fault] of (raw['faults'] as unknown[]).entries()) {
    if (typeof fault !== 'object' || fault === null) throw new RunShapeError(`${where}.faults[${index}] must be an object`);
    const fields = fault as Record<string, unknown>;
    if (fields['durationMs'] !== undefined) checkInteger(`${where}.faults[${index}].durationMs`, fields['durationMs'], 1, PLAN_MAX.livenessMs);
    for (const rate of ['drop', 'duplicate']) {
      if (fields[rate] !== undefined && typeof fields[rate] !== 'number') throw new RunShapeError(`${where}.faults[${index}].${rate} must be a number, got ${describe(fields[rate])}`);
    }
  }
  try {
    validatePlan(value as Plan);
  } catch (error) {
    // The simulator's own checks read fields without type guards; any throw there is this file's shape.
    throw new RunShapeError(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return value as Plan;
}
