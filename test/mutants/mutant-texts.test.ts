/**
 * The mutation campaign (scripts/mutants/) edits the built dist by text: each
 * mutant names a file and a snippet to replace. A speed or style change to
 * that code can make a snippet vanish, and the campaign then stops at that
 * mutant. So every snippet must occur exactly once in the current build.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));

interface Mutant {
  readonly name: string;
  readonly file: string;
  readonly find: string;
}

async function mutantsOf(module: string): Promise<Mutant[]> {
  const loaded = (await import(pathToFileURL(join(repo, 'scripts/mutants', module)).href)) as Record<string, unknown>;
  return Object.values(loaded)
    .flatMap((value) => (Array.isArray(value) ? value : []))
    .filter((value): value is Mutant => typeof value === 'object' && value !== null && 'find' in value && 'file' in value);
}

describe('mutation campaign snippets', () => {
  it('every mutant of every round finds its text exactly once in dist', async () => {
    // Every batch file, so a new round is covered the day it lands (run.mjs is the runner).
    const batches = readdirSync(join(repo, 'scripts/mutants')).filter((file) => file.endsWith('.mjs') && file !== 'run.mjs');
    const mutants = (await Promise.all(batches.map(mutantsOf))).flat();
    expect(mutants.length).toBeGreaterThanOrEqual(189);
    const missing = mutants
      .map((mutant) => ({ name: mutant.name, count: readFileSync(join(repo, 'dist/src', mutant.file), 'utf8').split(mutant.find).length - 1 }))
      .filter((found) => found.count !== 1);
    expect(missing).toEqual([]);
  });
});
