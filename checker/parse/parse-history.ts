/**
 * Reads a history in any supported format. With `format: 'auto'` (the
 * default) the content decides: a JSON object is raft-check/history@1, EDN
 * maps in Porcupine's field order (`{:process N, :type :T, :f :F, :key`) are
 * a Porcupine kv log, `jepsen.util` lines are a Jepsen etcd log, lines of
 * tab-separated fields that start `PROCESS<TAB>:TYPE<TAB>` are Jepsen's
 * history.txt, and an EDN
 * vector or list, a `;` comment, `^` metadata, other EDN maps or a tagged one
 * (`#jepsen.history.Op{`) are a Jepsen history.edn, unless the file is
 * named .json.
 *
 * A blank file has no content to go by, so only then the file name's
 * extension decides: `.log` is an (empty) Jepsen log, `.txt` an (empty)
 * Porcupine kv log. Either gives an empty history, which is linearizable, as
 * for Porcupine (this is jepsen/etcd_095.log, an empty file). A blank file
 * with any other name is an input error, since its model is unknown.
 */

import { HistoryInputError } from '../errors.js';
import type { HistoryFile } from '../history.js';
import { parseHistoryJson } from './history-json.js';
import { parseJepsenEtcd } from './jepsen-etcd.js';
import { parsePorcupineKv } from './porcupine-kv.js';
import { parseJepsenEdn, type JepsenEdnOptions } from './jepsen-edn.js';
import { JEPSEN_TXT_LINE, parseJepsenTxt } from './jepsen-txt.js';

export const HISTORY_FORMATS = ['history', 'porcupine-kv', 'jepsen-etcd', 'jepsen-edn', 'jepsen-txt'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

export interface ParseOptions {
  format?: HistoryFormat | 'auto';
  /** Used in error messages, and for a blank file in auto mode. */
  fileName?: string;
  /** For jepsen-edn and jepsen-txt only: which model, and the cas-register's initial value (EDN text). */
  jepsenEdn?: Pick<JepsenEdnOptions, 'model' | 'initial'>;
  /** Formats of JSON documents that carry a history@1 in their `history` field, read as that history (e.g. raft-check/failure@1). */
  envelopes?: readonly string[];
}

export function parseHistory(input: string, options: ParseOptions = {}): HistoryFile {
  const { fileName } = options;
  // A byte order mark is no content (decodeUtf8 drops it from bytes; a caller's string may still have it).
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const format = options.format === undefined || options.format === 'auto' ? detectFormat(text, fileName) : options.format;
  switch (format) {
    case 'history':
      return parseHistoryJson(text, fileName, options.envelopes);
    case 'porcupine-kv':
      return parsePorcupineKv(text, fileName);
    case 'jepsen-etcd':
      return parseJepsenEtcd(text, fileName);
    case 'jepsen-edn':
      return parseJepsenEdn(text, { ...options.jepsenEdn, fileName });
    case 'jepsen-txt':
      return parseJepsenTxt(text, { ...options.jepsenEdn, fileName });
  }
}

/** How each line of a Porcupine kv log starts (Jepsen's own op maps have no `:key`). */
const PORCUPINE_KV_START = /^\{:process \d+, :type :\w+, :f :\w+, :key /;

export function detectFormat(text: string, fileName?: string): HistoryFormat {
  const start = text.trimStart();
  if (PORCUPINE_KV_START.test(start)) return 'porcupine-kv';
  if (start.startsWith('{') && !start.startsWith('{:')) return 'history';
  if (/^[^\n]*jepsen\.util/.test(start)) return 'jepsen-etcd';
  if (JEPSEN_TXT_LINE.test(start)) return 'jepsen-txt';
  // `[]` is JSON too: a .json file is never taken for EDN.
  if (/^([[(;#^]|\{:)/.test(start) && fileName?.endsWith('.json') !== true) return 'jepsen-edn';
  if (start === '') {
    if (fileName?.endsWith('.log') === true) return 'jepsen-etcd';
    if (fileName?.endsWith('.txt') === true) return 'porcupine-kv';
    throw new HistoryInputError('the file is empty, so its format and model are unknown (pass a format)', { fileName });
  }
  throw new HistoryInputError(
    'cannot tell the format: expected a raft-check/history@1 JSON object, a Porcupine kv log, a Jepsen etcd log, a Jepsen history.edn or history.txt',
    { fileName },
  );
}
