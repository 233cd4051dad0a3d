/**
 * The catalog is honest: every entry names a real branch in the node's code
 * (Raft, KV or storage), entries are spread over every category, names are
 * kebab-case and unique, and `--bug` refuses names that are not in it.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUG_CATEGORIES, BUGS, BUG_NAMES, type BugEntry } from '../../src/bugs/catalog.js';
import { bugSwitches, NO_BUGS } from '../../src/bugs/switches.js';
import { listBugs, validateBugNames } from '../../src/cli/bugs-command.js';
import { overridesOf } from '../../src/cli/run-options.js';
import { UsageError } from '../../src/cli/usage-error.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function nodeSources(): string {
  let text = '';
  for (const directory of ['src/raft', 'src/kv', 'src/storage']) {
    for (const file of readdirSync(join(root, directory))) if (file.endsWith('.ts')) text += readFileSync(join(root, directory, file), 'utf8');
  }
  return text;
}

describe('the bug catalog', () => {
  it('has at least 15 bugs, unique kebab-case names, every category covered', () => {
    expect(BUGS.length).toBeGreaterThanOrEqual(15);
    expect(new Set(BUG_NAMES).size).toBe(BUG_NAMES.length);
    for (const name of BUG_NAMES) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    for (const category of BUG_CATEGORIES) expect(BUGS.some((bug) => bug.category === category), category).toBe(true);
    for (const bug of BUGS as readonly BugEntry[]) {
      expect(bug.description.length).toBeGreaterThan(20);
      // Membership bugs are not among raft-bugs.md's 21 entries: they cite their source in seenIn.
      if (bug.catalogEntry === undefined) continue;
      expect(bug.catalogEntry).toBeGreaterThanOrEqual(1);
      expect(bug.catalogEntry).toBeLessThanOrEqual(21);
    }
  });

  it('names a branch in the node code for every bug', () => {
    const sources = nodeSources();
    for (const name of BUG_NAMES) {
      const switched = sources.includes(`bug['${name}']`) || sources.includes(`bugs.has('${name}')`);
      expect(switched, `${name} has no branch in src/raft, src/kv or src/storage`).toBe(true);
    }
  });

  it('switches are all off unless named', () => {
    expect(Object.values(NO_BUGS).every((on) => !on)).toBe(true);
    const one = bugSwitches(new Set(['stale-local-read']));
    expect(Object.entries(one).filter(([, on]) => on).map(([name]) => name)).toEqual(['stale-local-read']);
  });

  it('lists one line per bug for `raft-check bugs`', () => {
    const lines = listBugs(false);
    expect(lines).toHaveLength(BUGS.length);
    for (const bug of BUGS) expect(lines.some((line) => line.startsWith(bug.name) && line.includes(bug.description))).toBe(true);
  });

  it('refuses an unknown --bug name with a usage error that points to `raft-check bugs`', () => {
    expect(validateBugNames(['stale-local-read', 'stale-local-read'])).toEqual(['stale-local-read']);
    expect(() => validateBugNames(['no-such-bug'])).toThrow(UsageError);
    expect(() => validateBugNames(['no-such-bug'])).toThrow(/unknown --bug no-such-bug: run `raft-check bugs`/);
    const args = { nodes: undefined, clients: undefined, ops: undefined, duration: undefined, profile: undefined };
    expect(() => overridesOf({ ...args, bug: ['typo-bug'] })).toThrow(UsageError);
    expect(overridesOf({ ...args, bug: ['send-before-fsync'] }).bugs).toEqual(['send-before-fsync']);
  });
});
