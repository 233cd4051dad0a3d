/**
 * Goal: arguments that name nothing are refused in one line before any work.
 * A lone `-` was dropped by the parser, so `check -` checked nothing and
 * exited 0 and `check - h.json` checked only h.json; an empty path was found
 * after the run, in a message about a temporary file; a failure or history
 * file given to --plan was "plan.config is missing"; --junit into a missing
 * folder failed after the whole sweep, losing its summary. Method: the parser
 * in-process (parse-in-process.ts), every command that takes a path.
 */

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeRun, executeRunJson, type RunArgs } from '../../src/cli/run-command.js';
import { executeShrink } from '../../src/cli/shrink-command.js';
import type { System } from '../../src/sim/index.js';
import { executeSweep } from '../../src/cli/sweep-mode.js';
import type { SweepArgs } from '../../src/cli/sweep-options.js';
import { defaultSystem } from '../../src/sim/index.js';
import { usageErrorOf } from './parse-in-process.js';
import { cliPath, runCli } from './run-cli.js';

describe('careless paths', () => {
  it.each([[['check', '-', 'h.json']], [['--seed', '1', '--save-history', '-']]])('%j: a lone - is refused', (args) => {
    expect(usageErrorOf(args)).toBe("'-' (standard input or output) is not supported: name a file");
  });

  it.each([
    [['--seed', '1', '--', '--trace'], 'no command reads what follows \'--\' ("--trace"): leave \'--\' out, and write a file whose name starts with \'-\' as ./-name'],
    [['check', '--', 'h.json'], 'no command reads what follows \'--\' ("h.json"): leave \'--\' out, and write a file whose name starts with \'-\' as ./-name'],
    [['replay', 'f.json', '--'], 'no command reads what follows \'--\' (nothing): leave \'--\' out, and write a file whose name starts with \'-\' as ./-name'],
  ])('%j: what follows -- was set aside unread (check -- h.json checked nothing); refused', (args, message) => {
    expect(usageErrorOf(args)).toBe(message);
  });

  it('a path whose bytes are not UTF-8 is refused: it read "no such file" of a file that is there, and wrote a file of another name', () => {
    // What Node.js makes of the byte 0xff in an argument.
    expect(usageErrorOf(['--seed', '1', '--report', 'r\uFFFD.html'])).toBe('the argument "r\uFFFD.html" is not valid UTF-8 (or holds U+FFFD): raft-check cannot name such a file; rename it');
    expect(usageErrorOf(['check', 'bad\uFFFDname.json'])).toMatch(/^the argument "bad\uFFFDname\.json" is not valid UTF-8/);
  });

  it('check reports a file whose name holds a newline in one line, the name JSON-quoted with the newline written \\n (it split the line in two)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newline-name-'));
    const missing = runCli(['check', join(dir, 'a\nmissing.json')]);
    expect(missing.stderr).toBe(`raft-check: bad input: "${dir}/a\\nmissing.json": no such file\n`);
    const good = join(dir, 'b\nh.json');
    writeFileSync(good, JSON.stringify({ format: 'raft-check/history@1', model: 'kv', operations: [] }));
    expect(runCli(['check', good]).stdout).toBe(`"${dir}/b\\nh.json": linearizable\n`);
  });

  it('what follows -- is refused before yargs blames a missing file (the order a process sees)', () => {
    const run = runCli(['check', '--', 'h.json']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^raft-check: no command reads what follows '--' \("h\.json"\)/);
  });

  it.each([
    [['--seed', '1', '--save-history', ''], '--save-history needs a path, got ""'],
    [['--seed', '1', '--report', ''], '--report needs a path, got ""'],
    [['--plan', ''], '--plan needs a path, got ""'],
    [['--seeds', '1..2', '--results', ''], '--results needs a path, got ""'],
    [['check', 'h.json', '--export-edn', ''], '--export-edn needs a path, got ""'],
    [['check', 'h.json', ''], 'an empty file name ("")'],
    [['replay', ''], 'an empty file name ("")'],
    [['regress', ''], 'an empty folder name ("")'],
  ])('%j: an empty path is refused', (args, message) => {
    expect(usageErrorOf(args)).toBe(message);
  });

  it('leaves other empty values to their own checks, and real paths alone', () => {
    expect(usageErrorOf(['--seed', ''])).toMatch(/--seed must be an integer >= 0 \(decimal digits\), got ""/);
    expect(usageErrorOf(['check', 'h.json', '--html', 'view.html'])).toBeUndefined();
  });
});

describe('a file of another kind given to --plan', () => {
  it('a plan with a key twice or bytes that are not UTF-8 is refused (JSON.parse kept the last key; bad bytes became U+FFFD)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-strict-'));
    const twice = join(dir, 'twice.json');
    writeFileSync(twice, '{"format":"raft-check/plan@1","config":{},"config":{}}');
    expect(() => executeRun({ plan: twice } as RunArgs, defaultSystem, () => {})).toThrow(`cannot read plan ${twice}: the key "config" appears twice in one object`);
    const bytes = join(dir, 'bytes.json');
    writeFileSync(bytes, Buffer.from([0x7b, 0xff, 0x7d]));
    expect(() => executeRun({ plan: bytes } as RunArgs, defaultSystem, () => {})).toThrow(`cannot read plan ${bytes}: not valid UTF-8`);
  });

  it('names what the file is and the command that takes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-kind-'));
    for (const [format, hint] of [
      ['raft-check/failure@1', 'run a failure file with raft-check replay'],
      ['raft-check/history@1', 'check a history with raft-check check'],
    ]) {
      const path = join(dir, 'x.json');
      writeFileSync(path, JSON.stringify({ format, config: {} }));
      expect(() => executeRun({ plan: path } as RunArgs, defaultSystem, () => {})).toThrow(`${path} is a ${format} file, not a plan (raft-check/plan@1) (${hint})`);
    }
  });
});

/** A symbolic link that points to itself, in a fresh folder. */
function symlinkLoop(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'loop-')), 'loop');
  symlinkSync(path, path);
  return path;
}

/** A regular file, to be used (wrongly) as a folder. */
function aFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'file-')), 'f.json');
  writeFileSync(path, '{}');
  return path;
}

describe('a sweep output that cannot be written', () => {
  it('--junit into a missing folder is refused before the first seed, not after the last', async () => {
    const args: SweepArgs = { seeds: '1..2', shard: undefined, workers: 1, 'fail-fast': false, 'time-limit': undefined, json: false, junit: '/nonexistent-folder/x.xml', save: undefined, results: mkdtempSync(join(tmpdir(), 'results-')), system: undefined, nodes: undefined, clients: undefined, ops: undefined, duration: undefined, profile: undefined, bug: undefined };
    const printed: string[] = [];
    await expect(executeSweep(args, (line) => printed.push(line), process.stderr)).rejects.toThrow('--junit /nonexistent-folder/x.xml: folder /nonexistent-folder does not exist');
    expect(printed).toEqual([]);
  });
});

describe('a run output that cannot be written', () => {
  // Found after the run, these lost it (a long --duration, an exec system) to a message about a temporary file.
  const neverRun = new Proxy({} as System, {
    get: () => {
      throw new Error('the system was used: the output paths were not checked first');
    },
  });

  it.each([
    [['--save-history', '/nonexistent-folder/h.json'], '--save-history /nonexistent-folder/h.json: folder /nonexistent-folder does not exist'],
    [['--save-plan', '/nonexistent-folder/p.json'], '--save-plan /nonexistent-folder/p.json: folder /nonexistent-folder does not exist'],
    [['--save-history', tmpdir()], `--save-history ${tmpdir()} is a folder; give a file name`],
    // Before: written after the run and refused then (/dev/full), or an internal error (ELOOP, exit 255).
    [['--save-history', '/dev/full'], '--save-history /dev/full exists and is not a regular file; not overwritten'],
    [['--save-plan', join(symlinkLoop(), 'p.json')], 'cannot look at it (ELOOP: a loop of symbolic links)'],
    [['--save-plan', join(aFile(), 'p.json')], 'cannot look at it (ENOTDIR: a file is used as a folder in it)'],
  ])('%j is refused before the run, with or without --json', (flags, message) => {
    const args = { seed: 1, [flags[0]!.slice(2)]: flags[1] } as unknown as RunArgs;
    expect(() => executeRun(args, neverRun, () => {})).toThrow(message);
    expect(() => executeRunJson(args, neverRun, () => {})).toThrow(message);
  });

  it('--report through a symlink loop is refused before the run', () => {
    const loop = symlinkLoop();
    expect(() => executeRun({ seed: 1, report: loop } as unknown as RunArgs, neverRun, () => {})).toThrow(`--report ${loop}: cannot look at it (ELOOP: a loop of symbolic links)`);
  });

  it.each([
    ['a symlink loop', () => symlinkLoop(), 'cannot look at'],
    ['a path through a file', () => join(aFile(), 'corpus'), 'cannot look at'],
  ])('--save through %s is refused before any seed runs (it was an internal error at the first failure)', async (_what, folder, message) => {
    const save = folder();
    const shrink = { file: undefined, seed: 1, budget: 60, 'max-runs': undefined, save, nodes: undefined, clients: undefined, ops: undefined, duration: undefined, profile: undefined, bug: undefined, system: undefined };
    await expect(executeShrink(shrink, neverRun, () => {}, () => 0)).rejects.toThrow(`--save ${save}: ${message}`);
    const sweep: SweepArgs = { seeds: '1..2', shard: undefined, workers: 1, 'fail-fast': false, 'time-limit': undefined, json: false, junit: undefined, save, results: mkdtempSync(join(tmpdir(), 'results-')), system: undefined, nodes: undefined, clients: undefined, ops: undefined, duration: undefined, profile: undefined, bug: undefined };
    await expect(executeSweep(sweep, () => {}, process.stderr)).rejects.toThrow(`--save ${save}: ${message}`);
  });

  it('shrink --save naming a file is refused before the first candidate run', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'shrink-save-')), 'x.json');
    writeFileSync(file, '{}');
    const args = { file: undefined, seed: 1, budget: 60, 'max-runs': undefined, save: file, nodes: undefined, clients: undefined, ops: undefined, duration: undefined, profile: undefined, bug: undefined, system: undefined };
    await expect(executeShrink(args, neverRun, () => {}, () => 0)).rejects.toThrow(`--save ${file} is a file, not a folder`);
  });
});

/** Root writes anywhere: the read-only case needs another user (setpriv, as root). */
const asNobody = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

describe.skipIf(!asNobody)('a folder that may not be written, for a user who is not root', () => {
  it('--save-history and --save are refused before the run, in one line', () => {
    const folder = mkdtempSync(join(tmpdir(), 'read-only-'));
    chmodSync(folder, 0o555);
    const nobody = (args: string[]) => spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cliPath, ...args], { encoding: 'utf8' });
    const history = nobody(['--seed', '1', '--duration', '100', '--save-history', join(folder, 'h.json')]);
    expect(history.status).toBe(2);
    expect(history.stdout).toBe('');
    expect(history.stderr).toBe(`raft-check: --save-history ${join(folder, 'h.json')}: folder ${folder} may not be written (see raft-check --help)\n`);
    const corpus = nobody(['--seeds', '1..2', '--workers', '1', '--results', mkdtempSync(join(tmpdir(), 'results-')), '--save', join(folder, 'corpus')]);
    expect(corpus.stderr).toMatch(/^raft-check: --save .*corpus: folder .* may not be written/);
  }, 60_000);
});

