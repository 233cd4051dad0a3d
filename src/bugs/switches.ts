/**
 * The injected-bug switches a node reads once at start: one boolean per
 * catalogued bug, so that the hot paths test a plain field instead of
 * looking a name up in a Set on every message. All false for the correct code.
 */

import { BUG_NAMES, type BugName } from './catalog.js';

export type BugSwitches = Readonly<Record<BugName, boolean>>;

export function bugSwitches(bugs: ReadonlySet<string>): BugSwitches {
  const switches = {} as Record<BugName, boolean>;
  for (const name of BUG_NAMES) switches[name] = bugs.has(name);
  return Object.freeze(switches);
}

/** Every switch off: the correct code (the default wherever no options are passed). */
export const NO_BUGS: BugSwitches = bugSwitches(new Set());
