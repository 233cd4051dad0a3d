/**
 * Goal (issue 10, items 11, 12, 13): `raft-check check` answers careless and
 * hostile input with exit 2 and one line, in time linear in the input, and
 * never loses or mixes up what it writes. Method: the command run on
 * in-memory files (and on a temporary directory for --html targets): bad
 * Porcupine escapes and TABs, 10-million-character strings, a 250,000-space
 * Jepsen line, the size cap, --timeout spent on reading, failure@1 files,
 * --html to a directory, a missing directory, and two files with one base name.
 */

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHistory } from '@raft-check/checker';
import { REPOSITORY_ROOT } from './shared-data.js';
import { runCheckCommand, type CheckArguments } from '../../src/cli/check-command.js';
import { htmlPaths } from '../../src/cli/check-html-paths.js';
import { memoryIo } from './memory-io.js';

function check(files: Record<string, string | Uint8Array>, options: Partial<CheckArguments> = {}, millisecondsPerRead = 0) {
  const io = memoryIo(files, millisecondsPerRead);
  const status = runCheckCommand({ files: Object.keys(files), format: 'auto', json: false, ...options }, io);
  return { status, out: io.outLines, err: io.errLines, written: io.written };
}

const porcupineLine = (key: string, value = '"1"'): string => `{:process 0, :type :invoke, :f :put, :key "${key}", :value ${value}}\n`;
const oneLine = (lines: string[]): void => {
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toMatch(/\n/);
  expect(lines[0]!.length).toBeLessThan(400);
};

describe('check: bad input gives exit 2 and one line', () => {
  it.each([
    ['an unknown escape \\q', porcupineLine('\\q'), /line 1: bad string "\\q"/],
    ['a TAB inside a string', porcupineLine('a\tb'), /line 1: bad string "a\tb"/],
    ['a lone backslash at the end of a string', porcupineLine('a\\'), /line 1: not a Porcupine kv log line/],
  ])('a Porcupine line with %s', (_name, text, message) => {
    const result = check({ 'p.txt': text });
    expect(result.status).toBe(2);
    oneLine(result.err);
    expect(result.err[0]).toMatch(message);
  });

  it('a 10-million-character string: a verdict, or one short line', () => {
    const huge = 'v'.repeat(10_000_000);
    const porcupine = `${porcupineLine('k', `"${huge}"`)}{:process 0, :type :ok, :f :put, :key "k", :value "${huge}"}\n`;
    expect(check({ 'big.txt': porcupine }).status).toBe(0);
    const badEscape = check({ 'bad.txt': porcupineLine('k', `"${huge}\\q"`) });
    expect(badEscape.status).toBe(2);
    oneLine(badEscape.err);
    const jepsen = check({ 'big.log': `INFO  jepsen.util - 1\t:invoke\t:write\t${huge}` });
    expect(jepsen.status).toBe(2);
    oneLine(jepsen.err);
    const history = `{"format":"raft-check/history@1","model":"kv","operations":[],"meta":{"note":"${huge}"}}`;
    expect(check({ 'big.json': history }).status).toBe(0);
    const unterminated = check({ 'cut.json': history.slice(0, 5_000_000) });
    expect(unterminated.status).toBe(2);
    oneLine(unterminated.err);
  });

  it('a Jepsen line with 250,000 spaces is read in linear time, and the message does not echo it', () => {
    const spaces = ' '.repeat(250_000);
    const started = performance.now();
    const result = check({ 'spaces.log': `INFO  jepsen.util - 1 :invoke :write ${spaces}x${spaces}y` });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.status).toBe(2);
    oneLine(result.err);
    expect(result.err[0]).toMatch(/expected nil or an integer, got x {79}… \(250002 characters\)/);
  });

  it('an unterminated string of 200,000 escaped quotes is refused in linear time', () => {
    const started = performance.now();
    for (const start of ['{"a":"', '{"a":1e400,"b":"']) {
      const result = check({ 'quotes.json': start + '\\"'.repeat(200_000) });
      expect(result.status).toBe(2);
      oneLine(result.err);
    }
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('a file above the size cap is refused unread, naming the flag that raises it', () => {
    const result = check({ 'ok.txt': porcupineLine('k') }, { maxInputMb: 0.00001 });
    expect(result.status).toBe(2);
    expect(result.err).toEqual(['bad input: ok.txt: the file has 59 bytes, more than the cap of 10 bytes (raise it with --max-input-mb)']);
    expect(check({ 'ok.txt': porcupineLine('k') }, { maxInputMb: 1 }).status).toBe(0);
    expect(check({ 'ok.txt': porcupineLine('k') }, { maxInputMb: 0 }).err).toEqual([
      'raft-check check: --max-input-mb must be a positive number, got 0',
    ]);
  });

  it('--timeout covers reading: a file whose reading used up the time is unknown (exit 3)', () => {
    const files = { 'slow.txt': porcupineLine('k') };
    const slow = check(files, { timeout: 1 }, 5000);
    expect(slow.status).toBe(3);
    expect(slow.out).toEqual(['slow.txt: unknown: the time budget ran out while reading the file, before any search']);
    expect(check(files, { timeout: 10 }, 5000).status).toBe(0);
  });

  it('accepts failure@1 files and judges the history they carry', () => {
    const name = 'seed-4-bug-stale-local-read.json';
    const text = readFileSync(path.join(REPOSITORY_ROOT, 'histories', name), 'utf8');
    const result = check({ [name]: text });
    expect(result.status).toBe(1);
    expect(result.out[0]).toMatch(/^seed-4-bug-stale-local-read\.json: not linearizable: partition key/);
    // The library reads such a file only when asked to.
    expect(() => parseHistory(text)).toThrow(/"format" must be "raft-check\/history@1", got "raft-check\/failure@1"/);
  });
});

describe('check --html', () => {
  const log = 'INFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:ok\t:read\tnil\n';

  it('to a directory or into a missing directory: exit 2 and one line, before any work', () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'raft-check-html-'));
    for (const target of [directory, path.join(directory, 'missing', 'out.html')]) {
      const io = memoryIo({ 'a.log': log });
      io.pathKind = (file) => (file === directory ? 'directory' : 'missing');
      expect(runCheckCommand({ files: ['a.log'], format: 'auto', json: false, html: target }, io)).toBe(2);
      oneLine(io.errLines);
      expect(io.errLines[0]).toMatch(/^raft-check check: --html /);
      expect(io.outLines).toEqual([]);
    }
    // Through the real file system as well.
    expect(runCheckCommand({ files: ['a.log'], format: 'auto', json: false, html: directory })).toBe(2);
    expect(runCheckCommand({ files: ['a.log'], format: 'auto', json: false, html: path.join(directory, 'no', 'x.html') })).toBe(2);
  });

  it('two files with one base name get two pages', () => {
    const result = check({ 'd1/x.json': '', 'd2/x.json': '' }, { html: 'out.html', format: 'jepsen-etcd' });
    expect(result.status).toBe(0);
    expect([...result.written.keys()]).toEqual(['out.x.1.html', 'out.x.2.html']);
    expect(htmlPaths('out.html', ['a/x.json', 'b/x.log', 'x.1.json', 'y.txt'])).toEqual([
      'out.x.1.html',
      'out.x.2.html',
      'out.x.1.3-1.html',
      'out.y.html',
    ]);
    // A newline or tab in a file's name does not reach its page's name.
    expect(htmlPaths('out.html', ['a\nb.json', 'c\td.json'])).toEqual(['out.a_b.html', 'out.c_d.html']);
  });

  it('writes the page atomically where asked', () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'raft-check-html-'));
    mkdirSync(path.join(directory, 'pages'));
    const target = path.join(directory, 'pages', 'view.html');
    const bad = 'INFO  jepsen.util - 1\t:invoke\t:write\t1\nINFO  jepsen.util - 1\t:ok\t:write\t1\nINFO  jepsen.util - 2\t:invoke\t:read\tnil\nINFO  jepsen.util - 2\t:ok\t:read\t2\n';
    const file = path.join(directory, 'bad.log');
    writeFileSync(file, bad);
    expect(runCheckCommand({ files: [file], format: 'auto', json: false, html: target })).toBe(1);
    expect(readdirSync(path.join(directory, 'pages'))).toEqual(['view.html']);
    expect(readFileSync(target, 'utf8')).toMatch(/data-stuck="true"/);
  });
});
