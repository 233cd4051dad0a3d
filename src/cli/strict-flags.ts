/**
 * yargs reads a flag's value loosely, and every looseness was a silent
 * wrong run or an internal error:
 * - a flag given twice becomes a list: `--faults crash --faults drop` and
 *   `--seeds 1..2 --seeds 3..4` crashed (exit 255), `--model kv --model
 *   cas-register` or `--initial 0 --initial 1` picked one without a word;
 * - a switch given a value, `--check-determinism=yes` or `--json=1`, was
 *   switched off;
 * - a number flag read `''` as 0 (`--ops ''` ran no operations, `--port ''`
 *   took any port), `0x10` as 16, and a number flag with no value at all was
 *   dropped (`--ops` ran the drawn count);
 * - `--no-X` of a flag that is not a switch set it to false (`--no-faults`
 *   crashed).
 * So before any flag is read, the raw arguments are held to one rule each:
 * a flag at most once (unless it is a list, like --bug), a switch bare or
 * `=true`/`=false`, a flag that takes a value given one, a number flag a
 * decimal number. Flags yargs does not know are left to its strict mode.
 */

import { UsageError } from './usage-error.js';

/** What the middleware learns of the parsed command's flags (yargs' getOptions()). */
export interface DeclaredFlags {
  boolean: readonly string[];
  number: readonly string[];
  array: readonly string[];
  key: Readonly<Record<string, unknown>>;
  alias: Readonly<Record<string, readonly string[]>>;
}

/** Decimal numbers only: no hex, no blanks, no Infinity or NaN (each flag checks its own range after). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** A token yargs takes as the value of the flag before it, though it starts with '-'. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * A decimal of at most 15 significant digits survives the trip through a
 * double; beyond that a number flag judged another value than the one typed:
 * `--ops 100000.0000000000001` ran 100000 operations as if it were a whole
 * number, and `--from 9007199254740993` was reported as 9007199254740992.
 */
const MAX_EXACT_DIGITS = 15;

/** Digits of the mantissa from the first to the last that is not zero (`1e3`: 1, `0.250`: 2, `120`: 2). */
function significantDigits(decimal: string): number {
  const mantissa = decimal.replace(/^[+-]/, '').replace(/e.*$/i, '').replace('.', '');
  return mantissa.replace(/^0+/, '').replace(/0+$/, '').length;
}

export const kebab = (name: string): string => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** Throws a UsageError at the first flag of `raw` (the arguments as typed) that breaks a rule above. */
export function refuseLooseFlags(raw: readonly string[], declared: DeclaredFlags): void {
  const switches = new Set(declared.boolean);
  const numbers = new Set(declared.number);
  const lists = new Set(declared.array);
  const known = new Set(Object.keys(declared.key));
  const canonical = new Map<string, string>();
  for (const [name, aliases] of Object.entries(declared.alias)) for (const alias of aliases) canonical.set(alias, name);
  const seen = new Set<string>();
  for (let index = 0; index < raw.length; index++) {
    const token = raw[index]!;
    if (token === '--') break;
    if (!token.startsWith('--')) continue;
    const equals = token.indexOf('=');
    const written = equals < 0 ? token.slice(2) : token.slice(2, equals);
    const inline = equals < 0 ? undefined : token.slice(equals + 1);
    let name = kebab(written);
    name = canonical.get(name) ?? name;
    let negated = false;
    if (!known.has(name) && name.startsWith('no-') && known.has(name.slice(3))) {
      name = name.slice(3);
      negated = true;
      if (!switches.has(name)) throw new UsageError(`--${written}: --${name} is not a switch, so it cannot be negated; leave it out instead`);
    }
    if (!known.has(name)) continue;
    if (seen.has(name) && !lists.has(name)) throw new UsageError(`--${name} is given twice; give it once`);
    seen.add(name);
    if (switches.has(name)) {
      if (inline !== undefined && inline !== 'true' && inline !== 'false') {
        throw new UsageError(`--${written} is a switch: give it bare${negated ? '' : ` or as --no-${name}`}, not ${JSON.stringify(token)}`);
      }
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = raw[index + 1];
      // A lone '-' counts as a value here, so that careless-paths.ts can say why it is refused.
      const isValue = next !== undefined && next !== '--' && (!next.startsWith('-') || next === '-' || NEGATIVE_NUMBER.test(next));
      if (!isValue) throw new UsageError(`--${name} needs a value`);
      value = next;
      index++;
    }
    if (numbers.has(name) && !DECIMAL.test(value)) throw new UsageError(`--${name} must be a decimal number, got ${JSON.stringify(value)}`);
    if (numbers.has(name) && significantDigits(value) > MAX_EXACT_DIGITS) {
      throw new UsageError(`--${name} must be written with at most ${MAX_EXACT_DIGITS} significant digits (a double holds no more exactly), got ${JSON.stringify(value)}`);
    }
  }
}
