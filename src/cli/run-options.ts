/** The flags that shape a run (shared by a single run, sweeps and shrinking) and their validation. */

import type { Argv } from 'yargs';
import { FAULT_KINDS, FaultSelectionError, normalizeFaultSelection } from '../sim/fault-selection.js';
import { PROFILES, type ConfigOverrides, type FaultProfile } from '../sim/config.js';
import { OVERRIDE_LIMITS } from '../corpus/run-limits.js';
import { validateBugNames } from './bugs-command.js';
import { shellQuote } from './shell-quote.js';
import { UsageError } from './usage-error.js';

export interface OverrideArgs {
  nodes: number | undefined;
  clients: number | undefined;
  ops: number | undefined;
  duration: number | undefined;
  profile: string | undefined;
  faults?: string | undefined;
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
    .option('faults', {
      type: 'string',
      describe: `Fault kinds and rates instead of the drawn mix (Jepsen --nemesis style), e.g. crash,partition=one-way,drop=0.05,dup,pause,torn; kinds: ${Object.keys(FAULT_KINDS).join(', ')}, or none. Unnamed kinds are off; a kind without a value gets the seed's draw`,
    })
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

/**
 * --seed as typed: decimal digits, or digits with an exponent (`1e6`) as one
 * end of --seeds may be written (a seed that --seeds 1..1e6 runs can be rerun
 * as written); blanks around it are ignored, as in --seeds. yargs' number
 * parsing would turn "" or " " into seed 0 and "0x10" into 16, silently
 * running another seed.
 */
export function parseSeedFlag(typed: string): number {
  const text = typed.trim();
  if (!/^[0-9]+(e[0-9]+)?$/i.test(text)) throw new UsageError(`--seed must be an integer >= 0 (decimal digits), got ${JSON.stringify(typed)}`);
  const [digits, exponent] = text.toLowerCase().split('e') as [string, string | undefined];
  // Exactly, in BigInt: a double would round 9007199254740993 and report the seed as 9007199254740992.
  const exact = exponent === undefined ? BigInt(digits) : Number(exponent) > 20 ? null : BigInt(digits) * 10n ** BigInt(exponent);
  if (exact === null || exact > BigInt(Number.MAX_SAFE_INTEGER)) throw new UsageError(`--seed must be an integer in [0, ${Number.MAX_SAFE_INTEGER}], got ${text}`);
  return integerFlag('seed', Number(exact), 0, Number.MAX_SAFE_INTEGER);
}

export function overridesOf(args: OverrideArgs): ConfigOverrides {
  const overrides: ConfigOverrides = {};
  if (args.nodes !== undefined) {
    if (args.nodes !== 3 && args.nodes !== 5) throw new UsageError(`--nodes must be 3 or 5, got ${args.nodes}`);
    overrides.nodes = args.nodes;
  }
  if (args.clients !== undefined) overrides.clients = integerFlag('clients', args.clients, ...OVERRIDE_LIMITS.clients);
  if (args.ops !== undefined) overrides.opsPerClient = integerFlag('ops', args.ops, ...OVERRIDE_LIMITS.opsPerClient);
  if (args.duration !== undefined) overrides.safetyMs = integerFlag('duration', args.duration, ...OVERRIDE_LIMITS.safetyMs);
  if (args.profile !== undefined) {
    if (!(PROFILES as readonly string[]).includes(args.profile)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}, got ${args.profile}`);
    overrides.profile = args.profile as FaultProfile;
  }
  if (args.faults !== undefined) {
    if (args.profile !== undefined) throw new UsageError('--faults and --profile both choose the faults: give one of them');
    try {
      overrides.faults = normalizeFaultSelection(args.faults);
    } catch (error) {
      if (error instanceof FaultSelectionError) throw new UsageError(error.message);
      throw error;
    }
  }
  if (args.bug !== undefined) overrides.bugs = validateBugNames(args.bug);
  if (args['self-checks'] === false) overrides.selfChecks = false;
  return overrides;
}

/** The words of the flags that reproduce these overrides (and the --system, if any), for replay commands. */
export function overrideWords(overrides: ConfigOverrides, system?: string): string[] {
  const words: string[] = [];
  if (overrides.nodes !== undefined) words.push('--nodes', String(overrides.nodes));
  if (overrides.clients !== undefined) words.push('--clients', String(overrides.clients));
  if (overrides.opsPerClient !== undefined) words.push('--ops', String(overrides.opsPerClient));
  if (overrides.safetyMs !== undefined) words.push('--duration', String(overrides.safetyMs));
  if (overrides.profile !== undefined) words.push('--profile', overrides.profile);
  if (overrides.faults !== undefined) words.push('--faults', overrides.faults);
  for (const bug of overrides.bugs ?? []) words.push('--bug', bug);
  if (overrides.selfChecks === false) words.push('--no-self-checks');
  if (system !== undefined) words.push('--system', system);
  return words;
}

/** " --nodes 5 --bug x --system ./my-node.mjs": the same, shell-quoted, to append to "raft-check --seed N". */
export function overrideFlags(overrides: ConfigOverrides, system?: string): string {
  return overrideWords(overrides, system).map((word) => ` ${shellQuote(word)}`).join('');
}
