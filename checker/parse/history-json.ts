/** Reads a `raft-check/history@1` JSON document. */

import { HistoryInputError } from '../errors.js';
import type { HistoryFile } from '../history.js';
import { validateHistory } from '../validate.js';

export function parseHistoryJson(text: string, fileName?: string): HistoryFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HistoryInputError(`invalid JSON: ${(error as Error).message}`, { fileName });
  }
  return validateHistory(value, fileName);
}
