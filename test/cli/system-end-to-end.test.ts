/**
 * `--system` end to end (issue 10.8-9): a failure of a plugged-in module is
 * saved with the module's path and sha256, under a name that says which
 * system it is; the printed commands are shell-quoted (the module sits in a
 * folder with a space and a quote in its name); replay, regress and shrink run
 * the recorded module, and warn when its code changed since. Today's code
 * recorded nothing and replayed such files on our Raft ("passes now").
 */

import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readFailureFile } from '../../src/corpus/corpus-dir.js';
import { loadSystem } from '../../src/harness/system-module.js';
import { runSeed } from '../../src/sim/index.js';
import { runCli } from './run-cli.js';

const raftIndex = pathToFileURL(fileURLToPath(new URL('../../dist/src/raft/index.js', import.meta.url))).href;
const fixture = readFileSync(fileURLToPath(new URL('./fixtures/send-before-persist.mjs', import.meta.url)), 'utf8');

/** The send-before-persist fixture, copied where its path needs quoting. */
function writeModule(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'system-e2e-')), "user's modules");
  mkdirSync(dir);
  const path = join(dir, 'sbp node.mjs');
  writeFileSync(path, fixture.replace('../../../dist/src/raft/index.js', raftIndex));
  return path;
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const quoted = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

describe('--system end to end', async () => {
  const module = writeModule();
  const system = await loadSystem(module);
  const seed = [...Array(240).keys()].map((i) => i + 1).find((candidate) => runSeed(candidate, {}, system).failure !== null);
  if (seed === undefined) throw new Error('the send-before-persist module was not caught in 240 seeds');
  const corpus = mkdtempSync(join(tmpdir(), 'system-corpus-'));

  it('prints a replay command that names the module, shell-quoted', () => {
    const run = runCli(['--seed', String(seed), '--system', module]);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain(`\nreplay: raft-check --seed ${seed} --system ${quoted(module)}\n`);
  });

  it('saves a shrunk failure that records the module and its hash, under a name with the system', () => {
    const run = runCli(['shrink', '--seed', String(seed), '--system', module, '--max-runs', '3', '--save', corpus]);
    expect(run.status, run.stderr).not.toBe(0);
    const [name] = readdirSync(corpus);
    expect(name).toBe(`seed-${seed}-sys-sbp_node.json`);
    const file = readFailureFile(join(corpus, name as string));
    expect(file.system).toEqual({ spec: module, hash: sha256(module) });
    expect(run.stdout).toContain(`replay: raft-check replay ${join(corpus, name as string)}`);
  });

  it('replays and regresses on the recorded module', () => {
    const [name] = readdirSync(corpus);
    const path = join(corpus, name as string);
    const replay = runCli(['replay', path]);
    expect(replay.stdout).toMatch(/^reproduced: /m);
    expect(replay.stdout).not.toMatch(/warning/);
    expect(replay.status).not.toBe(0);
    // Saved from "correct" code (no --bug), so regress wants it to pass: it still fails on the module.
    const regress = runCli(['regress', corpus]);
    expect(regress.status).toBe(1);
    expect(regress.stdout).toMatch(/^FAIL .* reproduced: /m);
  });

  it('warns when the module changed since the file was saved, in replay, regress and shrink', () => {
    const [name] = readdirSync(corpus);
    const path = join(corpus, name as string);
    appendFileSync(module, '\n// edited after the failure was saved\n');
    const warning = /^ *warning: the code of --system .* differs from the one that saved .* \(sha256 [0-9a-f]{12} then, [0-9a-f]{12} now\)$/m;
    expect(runCli(['replay', path]).stdout).toMatch(warning);
    expect(runCli(['regress', corpus]).stdout).toMatch(warning);
    expect(runCli(['shrink', path, '--max-runs', '1']).stdout).toMatch(warning);
  });

  it('names a missing module in one line, and lets --system point at its new place', () => {
    const [name] = readdirSync(corpus);
    const path = join(corpus, name as string);
    const text = readFileSync(path, 'utf8').replace(JSON.stringify(module).slice(1, -1), '/nowhere/gone.mjs');
    const moved = join(corpus, 'moved.json');
    writeFileSync(moved, text);
    const missing = runCli(['replay', moved]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^raft-check: .*was saved with --system \/nowhere\/gone\.mjs, which cannot be loaded here.*pass --system/);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const pointed = runCli(['replay', moved, '--system', module]);
    expect(pointed.stdout).toMatch(/^reproduced: /m);
  });
});
