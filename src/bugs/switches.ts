/**
 * The injected-bug switches a node reads once at start: one boolean per
 * catalogued bug, so that the hot paths test a plain field instead of
 * looking a name up in a Set on every message. All false for the correct code.
 */

import { BUG_NAMES, type BugName } from './catalog.js';

export type BugSwitches = Readonly<Record<BugName, boolean>>;

export function bugSwitches(bugs: ReadonlySet<string>): BugSwitches {
  // Every node start asks; most runs inject no bug.
  return bugs.size === 0 ? NO_BUGS : switchesFor(bugs);
}

function switchesFor(bugs: ReadonlySet<string>): BugSwitches {
  // Built in one go, not by a store per name: an object that gains dozens of properties one keyed
  // store at a time turns into a slow dictionary, and every switch test on the hot paths reads it.
  return Object.freeze(Object.fromEntries(BUG_NAMES.map((name) => [name, bugs.has(name)])) as Record<BugName, boolean>);
}

/** Every switch off: the correct code (the default wherever no options are passed). */
export const NO_BUGS: BugSwitches = switchesFor(new Set());
