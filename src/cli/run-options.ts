/** The flags that shape a run (shared by a single run, sweeps and shrinking) and their validation. */

import type { Argv } from 'yargs';
import { PROFILES, type ConfigOverrides, type FaultProfile } from '../sim/index.js';
import { validateBugNames } from './bugs-command.js';
import { UsageError } from './usage-error.js';

export interface OverrideArgs {
  nodes: number | undefined;
  clients: number | undefined;
  ops: number | undefined;
  duration: number | undefined;
  profile: string | undefined;
  bug: string[] | undefined;
  'self-checks'?: boolean | undefined;
}

/** Declares the flags of OverrideArgs (shared by a run, a sweep and shrinking). */
export function withOverrideOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('nodes', { type: 'number', describe: 'Cluster size, 3 or 5 (default: drawn from the seed)' })
    .option('clients', { type: 'number', describe: 'Number of clients, 1..64 (default: drawn, 3..8)' })
    .option('ops', { type: 'number', describe: 'Operations per client (default: drawn)' })
    .option('duration', { type: 'number', describe: 'Length of the safety (fault) phase in simulated ms (default: drawn)' })
    .option('profile', { type: 'string', describe: `Fault profile instead of the drawn one: ${PROFILES.join(', ')}` })
    .option('bug', { type: 'string', array: true, describe: 'Switch on an injected bug in the nodes (repeatable; see raft-check bugs)' })
    .option('self-checks', {
      type: 'boolean',
      describe: "--no-self-checks: the nodes run without their own assertions, so only the simulator's oracles judge them",
    }) as Argv<T>;
}

export function integerFlag(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got ${Number.isNaN(value) ? 'not a number' : value}`);
  }
  return value;
}

export function overridesOf(args: OverrideArgs): ConfigOverrides {
  const overrides: ConfigOverrides = {};
  if (args.nodes !== undefined) {
    if (args.nodes !== 3 && args.nodes !== 5) throw new UsageError(`--nodes must be 3 or 5, got ${args.nodes}`);
    overrides.nodes = args.nodes;
  }
  if (args.clients !== undefined) overrides.clients = integerFlag('clients', args.clients, 1, 64);
  if (args.ops !== undefined) overrides.opsPerClient = integerFlag('ops', args.ops, 0, 100_000);
  if (args.duration !== undefined) overrides.safetyMs = integerFlag('duration', args.duration, 100, 3_600_000);
  if (args.profile !== undefined) {
    if (!(PROFILES as readonly string[]).includes(args.profile)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}, got ${args.profile}`);
    overrides.profile = args.profile as FaultProfile;
  }
  if (args.bug !== undefined) overrides.bugs = validateBugNames(args.bug);
  if (args['self-checks'] === false) overrides.selfChecks = false;
  return overrides;
}

/** " --nodes 5 --bug x": the flags that reproduce these overrides, for replay commands. */
export function overrideFlags(overrides: ConfigOverrides): string {
  const parts: string[] = [];
  if (overrides.nodes !== undefined) parts.push(`--nodes ${overrides.nodes}`);
  if (overrides.clients !== undefined) parts.push(`--clients ${overrides.clients}`);
  if (overrides.opsPerClient !== undefined) parts.push(`--ops ${overrides.opsPerClient}`);
  if (overrides.safetyMs !== undefined) parts.push(`--duration ${overrides.safetyMs}`);
  if (overrides.profile !== undefined) parts.push(`--profile ${overrides.profile}`);
  for (const bug of overrides.bugs ?? []) parts.push(`--bug ${bug}`);
  if (overrides.selfChecks === false) parts.push('--no-self-checks');
  return parts.map((part) => ` ${part}`).join('');
}
