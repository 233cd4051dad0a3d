/**
 * Goal: `raft-check check` reads Jepsen EDN with --model and --initial, and
 * --export-edn writes each history as Jepsen EDN through writeFileAtomic,
 * never over a different existing file; bad input is one line and exit 2.
 * Method: run the command's function on real files in a temporary directory.
 */

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheckCommand, type CheckArguments } from '../../src/cli/check-command.js';
import { REPOSITORY_ROOT } from './shared-data.js';

const directory = mkdtempSync(path.join(tmpdir(), 'raft-check-edn-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const inDirectory = (name: string): string => path.join(directory, name);
const knossos = (name: string): string => path.join(REPOSITORY_ROOT, 'test/data/knossos/cas-register', name);

function run(files: string[], options: Partial<CheckArguments> = {}): { status: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const status = runCheckCommand(
    { files, format: 'auto', json: false, model: 'auto', ...options },
    {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      fileSize: (file) => statSync(file).size,
      readFile: (file) => readFileSync(file),
      readHead: (file) => readFileSync(file).subarray(0, 1024),
      pathKind: (file) => {
        const stats = statSync(file, { throwIfNoEntry: false });
        return stats === undefined ? 'missing' : stats.isDirectory() ? 'directory' : 'file';
      },
      writeFile: (file, text) => writeFileSync(file, text),
      clock: () => 0,
    },
  );
  return { status, out, err };
}

const staleRead = JSON.stringify({
  format: 'raft-check/history@1',
  model: 'kv',
  operations: [
    { client: 0, call: 0, return: 1, input: { op: 'put', key: 'x', value: '1' }, output: {} },
    { client: 1, call: 2, return: 3, input: { op: 'get', key: 'x' }, output: { value: '' } },
    { client: 2, call: 2, return: null, input: { op: 'cas', key: 'x', expect: '1', value: '2' }, output: null },
    { client: 3, call: 4, return: 5, input: { op: 'cas', key: 'x', expect: '', value: '3' }, output: { ok: false } },
  ],
});

describe('raft-check check on Jepsen EDN', () => {
  it('judges Knossos histories under --initial 0', () => {
    const result = run([knossos('good/memstress3-0.edn'), knossos('bad/rethink-fail-minimal.edn')], { initial: '0' });
    expect(result.status).toBe(1);
    expect(result.out[0]).toMatch(/memstress3-0\.edn: linearizable$/);
    expect(result.out[1]).toMatch(/rethink-fail-minimal\.edn: not linearizable: partition all operations: operation 1 \(client 1: read\(\) -> 3/);
  });

  it('refuses --initial with the kv model, and bad EDN, in one line with exit 2', () => {
    const both = run([knossos('good/memstress3-0.edn')], { initial: '0', model: 'kv' });
    expect(both).toMatchObject({ status: 2, out: [] });
    expect(both.err).toHaveLength(1);
    writeFileSync(inDirectory('twice.edn'), '[{:process 4, :type :invoke, :f :write, :value 1}\n {:process 4, :type :invoke, :f :read}]');
    const twice = run([inDirectory('twice.edn')]);
    expect(twice.status).toBe(2);
    expect(twice.err).toEqual([
      `bad input: ${inDirectory('twice.edn')}: operation 1: process 4 invokes :invoke :read nil while its operation 0 (:invoke :write 1) is still outstanding (a process has one operation at a time)`,
    ]);
  });
});

describe('raft-check check --export-edn', () => {
  it('writes the history as Jepsen EDN, which checks the same, and rewrites only the same bytes', () => {
    const source = inDirectory('stale.json');
    const output = inDirectory('stale.edn');
    writeFileSync(source, staleRead);
    const first = run([source], { exportEdn: output });
    expect(first.status).toBe(1);
    expect(first.err).toEqual([
      `${source}: wrote Jepsen EDN to ${output}; 1 cas that did not swap are :fail with :error :cas-mismatch (Knossos drops them, raft-check reads them back)`,
    ]);
    const text = readFileSync(output, 'utf8');
    expect(text.split('\n').slice(0, 3)).toEqual([
      '; a kv history written by raft-check as Jepsen EDN; check it with: raft-check check FILE --model kv',
      '[{:process 0, :type :invoke, :f :write, :value ["x" "1"], :index 0}',
      ' {:process 0, :type :ok, :f :write, :value ["x" "1"], :index 1}',
    ]);
    expect(text).toContain('{:process 2, :type :info, :f :cas, :value ["x" ["1" "2"]], :index 7}');
    const again = run([output], { model: 'kv' });
    expect(again.status).toBe(1);
    expect(again.out[0]).toMatch(/stale\.edn: not linearizable: partition key "x"/);

    expect(run([source], { exportEdn: output }).status).toBe(1); // the same bytes: fine
    writeFileSync(output, 'other');
    const refused = run([source], { exportEdn: output });
    expect(refused.status).toBe(2);
    expect(refused.err).toEqual([`bad input: ${source}: --export-edn: ${output} already exists with other content; not overwritten`]);
    expect(readFileSync(output, 'utf8')).toBe('other');
  });

  it('names one output per input file when given several, and says when it cannot write', () => {
    const output = inDirectory('many.edn');
    const result = run([knossos('bad/immediate-failure.edn'), knossos('good/cas-register-bug.edn')], { exportEdn: output, initial: '0' });
    expect(result.status).toBe(1);
    expect(existsSync(inDirectory('many.immediate-failure.edn'))).toBe(true);
    expect(readFileSync(inDirectory('many.cas-register-bug.edn'), 'utf8')).toMatch(/^; a knossos-cas-register\(0\) history .* --initial 0\n\[/);
    // Refused before any check (it was found when writing, after the check, as bad input of the history).
    const missing = run([knossos('bad/immediate-failure.edn')], { exportEdn: inDirectory('no/such/dir.edn'), initial: '0' });
    expect(missing.status).toBe(2);
    expect(missing.out).toEqual([]);
    expect(missing.err).toEqual([`raft-check check: --export-edn ${JSON.stringify(inDirectory('no/such/dir.edn'))}: the directory ${inDirectory('no/such')} does not exist`]);
    const folder = run([knossos('bad/immediate-failure.edn')], { exportEdn: directory, initial: '0' });
    expect(folder.status).toBe(2);
    expect(folder.out).toEqual([]);
    expect(folder.err).toEqual([`raft-check check: --export-edn ${JSON.stringify(directory)} names a directory; give a file name`]);
  });
});
