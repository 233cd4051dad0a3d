/**
 * Goal: `raft-check check` prints one verdict line per file and exits 0 (all
 * linearizable), 1 (any not), 2 (bad input: one line naming file, operation
 * and problem, no stack trace) or 3 (unknown, none not). Method: run the
 * command's function with in-memory I/O and a fake clock.
 */

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheckCommand, type CheckArguments, type CheckIo } from '../../src/cli/check-command.js';
import { PORCUPINE_DATA } from './shared-data.js';

interface Run {
  status: number;
  out: string[];
  err: string[];
  written: Map<string, string>;
}

function run(files: string[], options: Partial<CheckArguments> = {}, extraFiles: Record<string, string> = {}): Run {
  const out: string[] = [];
  const err: string[] = [];
  const written = new Map<string, string>();
  let now = 0;
  const io: CheckIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    fileSize: (file) => (file in extraFiles ? Buffer.byteLength(extraFiles[file]!) : statSync(path.join(PORCUPINE_DATA, file)).size),
    readFile: (file) => {
      if (file in extraFiles) return Buffer.from(extraFiles[file]!);
      return readFileSync(path.join(PORCUPINE_DATA, file));
    },
    readHead: (file) => Buffer.from(extraFiles[file] ?? '').subarray(0, 1024),
    pathKind: (file) => (file === '.' ? 'directory' : 'missing'),
    writeFile: (file, text) => written.set(file, text),
    clock: () => (now += 1000),
  };
  const status = runCheckCommand({ files, format: 'auto', json: false, ...options }, io);
  return { status, out, err, written };
}

const historyText = (outputValue: string): string =>
  JSON.stringify({
    format: 'raft-check/history@1',
    model: 'kv',
    operations: [
      { client: 0, call: 0, return: 1, input: { op: 'put', key: 'x', value: '1' }, output: {} },
      { client: 1, call: 2, return: 3, input: { op: 'get', key: 'x' }, output: { value: outputValue } },
    ],
  });

describe('raft-check check', () => {
  it('exits 0 when every file is linearizable, with one line per file', () => {
    const result = run(['jepsen/etcd_002.log', 'kv/c10-ok.txt', 'ok.json'], {}, { 'ok.json': historyText('1') });
    expect(result.status).toBe(0);
    expect(result.out).toEqual(['jepsen/etcd_002.log: linearizable', 'kv/c10-ok.txt: linearizable', 'ok.json: linearizable']);
  });

  it('exits 1 when any file is not linearizable, naming the partition and the stuck operation', () => {
    const result = run(['kv/c01-ok.txt', 'bad.json'], {}, { 'bad.json': historyText('') });
    expect(result.status).toBe(1);
    expect(result.out[1]).toMatch(/^bad\.json: not linearizable: partition key "x": operation 1 \(client 1: get\("x"\) -> ""/);
  });

  it('exits 2 on bad input with one line naming file, operation and problem', () => {
    const broken = historyText('1').replace('"call":2', '"call":7');
    const result = run(['broken.json'], {}, { 'broken.json': broken });
    expect(result.status).toBe(2);
    expect(result.err).toEqual(['bad input: broken.json: operation 1: "return" (3) is before "call" (7)']);
    expect(result.out).toEqual([]);
  });

  it('exits 2 for a missing file and for invalid JSON', () => {
    const missing = run(['/nonexistent/history.json'], {}, {});
    expect(missing.status).toBe(2);
    expect(missing.err).toEqual(['bad input: /nonexistent/history.json: no such file']);
    // A name a reader could not see whole is quoted, so the line still shows which file it was.
    expect(run([' '], {}, {}).err).toEqual(['bad input: " ": no such file']);
    expect(run(['a\tb.json'], {}, {}).err).toEqual(['bad input: "a\\tb.json": no such file']);
    const invalid = run(['x.json'], {}, { 'x.json': '{' });
    expect(invalid.status).toBe(2);
    expect(invalid.err[0]).toMatch(/^bad input: x\.json: invalid JSON/);
  });

  it('exits 3 when a verdict is unknown and none is not linearizable', () => {
    // The fake clock advances 1 s per reading, so a 1.5 s timeout ends after the first slice.
    const result = run(['jepsen/etcd_080.log', 'kv/c01-ok.txt'], { timeout: 1.5 });
    expect(result.status).toBe(3);
    expect(result.out[0]).toMatch(/^jepsen\/etcd_080\.log: unknown: .*time budget/);
  });

  it('prefers 1 over 2 over 3', () => {
    const files = { 'bad.json': historyText(''), 'broken.json': '{' };
    expect(run(['jepsen/etcd_080.log', 'broken.json', 'bad.json'], { timeout: 1.5 }, files).status).toBe(1);
    expect(run(['jepsen/etcd_080.log', 'broken.json'], { timeout: 1.5 }, files).status).toBe(2);
  });

  it('--json prints one JSON result per file', () => {
    const result = run(['kv/c01-bad.txt', 'broken.json'], { json: true }, { 'broken.json': '[]' });
    const lines = result.out.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ file: 'kv/c01-bad.txt', verdict: 'not linearizable' });
    expect(lines[1]).toMatchObject({ file: 'broken.json', verdict: 'bad input', operationIndex: null });
    expect(result.status).toBe(1);
  });

  it('--html writes one page per file', () => {
    const one = run(['kv/c01-bad.txt'], { html: 'out.html' });
    expect([...one.written.keys()]).toEqual(['out.html']);
    expect(one.written.get('out.html')).toMatch(/<g [^>]*data-stuck="true"/);
    const two = run(['kv/c01-bad.txt', 'jepsen/etcd_000.log'], { html: 'view.html' });
    expect([...two.written.keys()]).toEqual(['view.c01-bad.html', 'view.etcd_000.html']);
  });

  it('--format forces a reader', () => {
    const result = run(['jepsen/etcd_000.log'], { format: 'porcupine-kv' });
    expect(result.status).toBe(2);
    expect(result.err[0]).toMatch(/^bad input: jepsen\/etcd_000\.log: line 1: not a Porcupine kv log line/);
  });
});
