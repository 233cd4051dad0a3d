/**
 * Goal: a history file saved on Windows or by an editor (CRLF line ends,
 * blank lines at the end, a byte order mark) gets the verdict of the file
 * as written. Method: for a linearizable and a non-linearizable file of
 * each line-based format (Porcupine kv, Jepsen etcd log, history.edn,
 * history.txt), the CLI's check on each such variant must print the same
 * verdict as on the original.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../src/cli/check-command.js';
import { readEdnValues } from '../../checker/parse/edn-reader.js';
import { ednText, keywordMapOf, sequenceOf } from '../../checker/parse/edn-value.js';
import { memoryIo } from './memory-io.js';
import { PORCUPINE_DATA, REPOSITORY_ROOT } from './shared-data.js';

const porcupine = (...parts: string[]): string => readFileSync(path.join(PORCUPINE_DATA, ...parts), 'utf8');
const knossos = (...parts: string[]): string => readFileSync(path.join(REPOSITORY_ROOT, 'test/data/knossos/cas-register', ...parts), 'utf8');

/** history.edn as jepsen.util/prn-op prints history.txt. */
function txtOf(edn: string): string {
  const documents = readEdnValues(edn);
  return (documents.length === 1 ? sequenceOf(documents[0])! : documents)
    .map((op) => `${['process', 'type', 'f', 'value'].map((key) => ednText(keywordMapOf(op)!.get(key) ?? null)).join('\t')}\n`)
    .join('');
}

const FILES: [string, string][] = [
  ['c01-ok.txt', porcupine('kv', 'c01-ok.txt')],
  ['c01-bad.txt', porcupine('kv', 'c01-bad.txt')],
  ['etcd_000.log', porcupine('jepsen', 'etcd_000.log')],
  ['etcd_002.log', porcupine('jepsen', 'etcd_002.log')],
  ['memstress3-4.edn', knossos('good', 'memstress3-4.edn')],
  ['cas-failure.edn', knossos('bad', 'cas-failure.edn')],
  ['memstress3-4.history.txt', txtOf(knossos('good', 'memstress3-4.edn'))],
  ['cas-failure.history.txt', txtOf(knossos('bad', 'cas-failure.edn'))],
];

const VARIANTS: Record<string, (text: string) => string> = {
  'CRLF line ends': (text) => text.replace(/\r?\n/g, '\r\n'),
  'blank lines at the end': (text) => `${text.trimEnd()}\n\n\r\n   \n\t\n`,
  'no newline at the end': (text) => text.trimEnd(),
  'a byte order mark': (text) => `\uFEFF${text}`,
  'all of them': (text) => `\uFEFF${text.trimEnd().replace(/\r?\n/g, '\r\n')}\r\n\r\n`,
};

function verdictLine(name: string, text: string): { status: number; line: string } {
  const io = memoryIo({ [name]: Buffer.from(text, 'utf8') });
  const status = runCheckCommand({ files: [name], format: 'auto', json: false, initial: name.endsWith('.edn') || name.endsWith('history.txt') ? '0' : undefined }, io);
  return { status, line: [...io.outLines, ...io.errLines].join('\n') };
}

describe('line ends, trailing blank lines and a BOM change no verdict', () => {
  it.each(FILES.flatMap(([name, text]) => Object.keys(VARIANTS).map((variant) => [name, variant, text] as const)))('%s with %s', (name, variant, text) => {
    const original = verdictLine(name, text);
    expect(original.status).toBeLessThan(2);
    expect(verdictLine(name, VARIANTS[variant]!(text))).toEqual(original);
  });
});
