#!/usr/bin/env node
/**
 * After a change to what the swarm draws or judges, the power table moves.
 * This carries one measurement into the places that pin it, so the numbers
 * in the tests and the README come from a single run, not from hand edits:
 *
 *   node dist/src/cli/main.js power --workers 2 --shrink-budget 1 --json > normal.json
 *   node dist/src/cli/main.js power --workers 2 --shrink-budget 1 --no-self-checks --json > off.json
 *   node scripts/power-refresh.mjs normal.json off.json "2026-12-01, round 10, why it moved"
 *
 * - test/bugs/power.test.ts: each bug whose first catch moved gets the budget
 *   max(2 x measured, measured + 10), at most 500, and the note given;
 * - test/bugs/power-witnesses.ts: its new witness seed;
 * - README.md: the two power tables (every oracle on, then --no-self-checks).
 * A bug whose catching oracle differs from the catalog's expectedFailure is
 * printed, not changed: whether the catalog follows is a judgement.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [normalPath, offPath, note] = process.argv.slice(2);
if (normalPath === undefined || offPath === undefined || note === undefined) {
  process.stderr.write('usage: node scripts/power-refresh.mjs NORMAL.json NO-SELF-CHECKS.json "NOTE"\n');
  process.exit(2);
}

const readRows = (path) => {
  const table = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(table.rows)) throw new Error(`${path}: not the output of raft-check power --json`);
  if (table.from !== 1) throw new Error(`${path}: measured --from ${table.from}; the pinned table is the one from seed 1`);
  return table.rows;
};
const normal = readRows(normalPath);
const off = readRows(offPath);

/** Writes through a temporary file and a rename, so an interrupted run leaves the old file whole. */
const writeAtomically = (path, text) => {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
};
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const catalog = readFileSync(join(repo, 'src/bugs/catalog.ts'), 'utf8');
const categories = new Map([...catalog.matchAll(/name: '([^']+)',\s*\n\s*category: '([^']+)'/g)].map((match) => [match[1], match[2]]));
const expectedFailures = new Map([...catalog.matchAll(/name: '([^']+)',[\s\S]*?expectedFailure: '([^']+)'/g)].map((match) => [match[1], match[2]]));

const budgetsPath = join(repo, 'test/bugs/power.test.ts');
const witnessesPath = join(repo, 'test/bugs/power-witnesses.ts');
let budgets = readFileSync(budgetsPath, 'utf8');
let witnesses = readFileSync(witnessesPath, 'utf8');
for (const row of normal) {
  if (row.seed === null) {
    console.log(`NOT CAUGHT within the cap: ${row.bug}`);
    continue;
  }
  if (expectedFailures.get(row.bug) !== row.failureKind) console.log(`catalog says ${row.bug} is caught by ${expectedFailures.get(row.bug)}; measured ${row.failureKind}`);
  const line = new RegExp(`^(\\s*)'${escape(row.bug)}': \\d+, // measured: (\\d+).*$`, 'm');
  const found = line.exec(budgets);
  if (found === null) throw new Error(`no budget line for ${row.bug} in test/bugs/power.test.ts`);
  if (Number(found[2]) === row.seedsToFailure) continue;
  const budget = Math.min(500, Math.max(2 * row.seedsToFailure, row.seedsToFailure + 10));
  console.log(`${row.bug}: first caught at ${found[2]} -> ${row.seedsToFailure}, budget ${budget}`);
  budgets = budgets.replace(line, `${found[1]}'${row.bug}': ${budget}, // measured: ${row.seedsToFailure} (${note})`);
  witnesses = witnesses.replace(new RegExp(`^(\\s*)'${escape(row.bug)}': \\d+,$`, 'm'), `$1'${row.bug}': ${row.seed},`);
}
writeAtomically(budgetsPath, budgets);
writeAtomically(witnessesPath, witnesses);

const header = '| bug | category | seeds to first failure | failure kind | size | shrunk |';
const tableLines = (rows) => [header, '|---|---|---|---|---|---|', ...rows.map((row) => `| ${row.bug} | ${categories.get(row.bug)} | ${row.seedsToFailure} | ${row.failureKind} | ${row.size} | ${row.shrunkSize} |`)];
const readmePath = join(repo, 'README.md');
const readme = readFileSync(readmePath, 'utf8').split('\n');
const starts = readme.flatMap((line, index) => (line === header ? [index] : []));
if (starts.length !== 2) throw new Error(`README.md should hold two power tables, found ${starts.length}`);
for (const [start, rows] of [
  [starts[1], off],
  [starts[0], normal],
]) {
  let end = start;
  while (end < readme.length && readme[end].startsWith('|')) end++;
  readme.splice(start, end - start, ...tableLines(rows));
}
writeAtomically(readmePath, readme.join('\n'));
