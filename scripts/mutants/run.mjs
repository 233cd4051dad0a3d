#!/usr/bin/env node
/**
 * The mutation campaign (docs/mutants.md): each mutant of
 * mutants.mjs is applied to a private copy of the BUILT dist (the TypeScript
 * source is never touched), with node_modules symlinked beside it, and the
 * copy's own CLI sweeps the seeds with --no-self-checks, one worker, stopping
 * at the first failure. So only the simulator's oracles judge the mutant, and
 * the first failing seed is the first of the range.
 *
 *   node scripts/mutants/run.mjs [--batch all|round7|round8|round9|round11|round12|round13|round13b|round13b-tried|round13c|round14a|round14b] [--seeds 1..300] [--only a,b] [--jobs 1] [--dist dist] [--json out.json]
 *
 * --batch picks round 7's mutants (mutants.mjs), round 8's (round8.mjs), round 9's
 * (round9.mjs), round 11's (round11.mjs: bugs real implementations shipped), round
 * 12's (round12.mjs: more of them, in sessions, snapshots, configurations, WAL
 * framing and term handling), round 13's (round13.mjs: shipped bugs in the files
 * touched least, and five generic slips), round 13b's (round13b.mjs: twenty
 * slips a grader writes by hand; round13b-tried: six more tried while
 * writing it, not part of `all`), round 13c's (round13c.mjs: twenty hand-written
 * slips in the features: membership, transfer, PreVote, CheckQuorum,
 * stickiness, leases, repair, sessions, pipelining), round 14a's (round14a.mjs:
 * lease and stickiness slips of the schedules deposition-shapes.ts reaches),
 * round 14b's (round14b.mjs: twenty slips aimed at the code earlier batches
 * touched least) or all of them (the default).
 *
 * Prints a caught/missed table: first failing seed and failure kind, or the
 * seeds run without a failure. --jobs runs that many mutants at once (each one
 * sweep on one worker); the machine is shared, so the default is 1.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTANTS } from './mutants.mjs';
import { MUTANTS_ROUND8 } from './round8.mjs';
import { MUTANTS_ROUND9 } from './round9.mjs';
import { MUTANTS_ROUND11 } from './round11.mjs';
import { MUTANTS_ROUND12 } from './round12.mjs';
import { MUTANTS_ROUND13 } from './round13.mjs';
import { MUTANTS_ROUND13B, MUTANTS_ROUND13B_TRIED } from './round13b.mjs';
import { MUTANTS_ROUND13C } from './round13c.mjs';
import { MUTANTS_ROUND14A } from './round14a.mjs';
import { MUTANTS_ROUND14B } from './round14b.mjs';

const BATCHES = {
  round7: MUTANTS,
  round8: MUTANTS_ROUND8,
  round9: MUTANTS_ROUND9,
  round11: MUTANTS_ROUND11,
  round12: MUTANTS_ROUND12,
  round13: MUTANTS_ROUND13,
  round13b: MUTANTS_ROUND13B,
  'round13b-tried': MUTANTS_ROUND13B_TRIED,
  round13c: MUTANTS_ROUND13C,
  round14a: MUTANTS_ROUND14A,
  round14b: MUTANTS_ROUND14B,
  all: [...MUTANTS, ...MUTANTS_ROUND8, ...MUTANTS_ROUND9, ...MUTANTS_ROUND11, ...MUTANTS_ROUND12, ...MUTANTS_ROUND13, ...MUTANTS_ROUND13B, ...MUTANTS_ROUND13C, ...MUTANTS_ROUND14A, ...MUTANTS_ROUND14B],
};

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function parseArgs(argv) {
  const options = { batch: 'all', seeds: '1..300', only: null, jobs: 1, dist: join(repo, 'dist'), json: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === '--batch') options.batch = value();
    else if (flag === '--seeds') options.seeds = value();
    else if (flag === '--only') options.only = value().split(',');
    else if (flag === '--jobs') options.jobs = Number(value());
    else if (flag === '--dist') options.dist = resolve(value());
    else if (flag === '--json') options.json = resolve(value());
    else throw new Error(`unknown flag ${flag}`);
  }
  return options;
}

/** The file's text with the mutant applied; throws unless its `find` occurs exactly once. */
export function mutatedText(text, mutant) {
  const first = text.indexOf(mutant.find);
  if (first < 0) throw new Error(`${mutant.name}: its text is not in ${mutant.file}`);
  if (text.indexOf(mutant.find, first + 1) >= 0) throw new Error(`${mutant.name}: its text occurs more than once in ${mutant.file}`);
  return text.slice(0, first) + mutant.replace + text.slice(first + mutant.find.length);
}

/** A private copy of dist with the mutant applied, runnable from its folder. */
function prepare(mutant, dist) {
  const root = mkdtempSync(join(tmpdir(), `mutant-${mutant.name}-`));
  cpSync(dist, join(root, 'dist'), { recursive: true, filter: (source) => !source.endsWith('.map') });
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  cpSync(join(repo, 'package.json'), join(root, 'package.json'));
  const target = join(root, 'dist', 'src', mutant.file);
  writeFileSync(target, mutatedText(readFileSync(target, 'utf8'), mutant));
  return root;
}

function sweep(root, seeds) {
  const args = [join(root, 'dist/src/cli/main.js'), '--seeds', seeds, '--workers', '1', '--fail-fast', '--no-self-checks', '--json'];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolvePromise(JSON.parse(out));
      } catch {
        // No report: the simulator itself failed (an internal error, exit 255). A row of its own, not a verdict.
        resolvePromise({ internalError: `exit ${code}: ${err.trim().split('\n')[0].slice(0, 300)}` });
      }
    });
  });
}

async function runMutant(mutant, options) {
  const started = Date.now();
  const root = prepare(mutant, options.dist);
  try {
    const report = await sweep(root, options.seeds);
    if (report.internalError !== undefined) {
      return { name: mutant.name, kind: mutant.kind, caught: false, error: report.internalError, seed: null, failure: null, message: null, seedsRun: 0, seconds: Math.round((Date.now() - started) / 1000) };
    }
    const failure = report.failures[0];
    return {
      name: mutant.name,
      kind: mutant.kind,
      caught: failure !== undefined,
      seed: failure?.seed ?? null,
      failure: failure === undefined ? null : failure.invariant === undefined ? failure.kind : `${failure.kind}:${failure.invariant}`,
      message: failure?.message ?? null,
      seedsRun: report.seedsRun,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function row(result) {
  if (result.error !== undefined) return `${result.name.padEnd(38)} ERROR   ${result.error}`;
  const verdict = result.caught ? 'caught' : 'MISSED';
  const where = result.caught ? `seed ${result.seed}` : `${result.seedsRun} seeds`;
  return `${result.name.padEnd(38)} ${verdict.padEnd(7)} ${where.padEnd(10)} ${result.failure ?? ''}`;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(join(options.dist, 'src/cli/main.js'))) throw new Error(`no built CLI in ${options.dist}: npm run build first`);
  const batch = BATCHES[options.batch];
  if (batch === undefined) throw new Error(`--batch must be one of ${Object.keys(BATCHES).join(', ')}`);
  const names = new Set(batch.map((mutant) => mutant.name));
  if (names.size !== batch.length) throw new Error('two mutants share a name');
  const chosen = options.only === null ? batch : batch.filter((mutant) => options.only.includes(mutant.name));
  // Every patch is checked against the dist before any sweep: a drifted mutant fails the campaign at once.
  for (const mutant of chosen) mutatedText(readFileSync(join(options.dist, 'src', mutant.file), 'utf8'), mutant);
  console.log(`${chosen.length} mutants, seeds ${options.seeds}, --no-self-checks, ${options.jobs} at a time\n`);
  console.log(`${'mutant'.padEnd(38)} ${'verdict'.padEnd(7)} ${'first'.padEnd(10)} failure`);
  const results = new Array(chosen.length);
  let next = 0;
  async function worker() {
    while (next < chosen.length) {
      const index = next++;
      results[index] = await runMutant(chosen[index], options);
      console.log(row(results[index]));
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, worker));
  const caught = results.filter((result) => result.caught).length;
  const missed = results.filter((result) => !result.caught && result.error === undefined).map((result) => result.name);
  const errors = results.filter((result) => result.error !== undefined).map((result) => result.name);
  console.log(`\ncaught ${caught} of ${results.length}; missed: ${missed.join(', ') || 'none'}${errors.length > 0 ? `; simulator errors: ${errors.join(', ')}` : ''}`);
  if (options.json !== null) writeFileSync(options.json, JSON.stringify({ seeds: options.seeds, results }, null, 2) + '\n');
}

await main();
