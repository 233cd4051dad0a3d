/**
 * The one error type for bad input: a missing or unreadable file, a history
 * that does not follow its format, or one the chosen model cannot accept.
 * It carries where the problem is, so the CLI can print one precise line.
 */

export interface InputErrorLocation {
  fileName?: string | undefined;
  /** Index into the history's operations array. */
  operationIndex?: number | undefined;
  /** 1-based line of a log file. */
  line?: number | undefined;
}

export class HistoryInputError extends Error {
  override readonly name = 'HistoryInputError';
  readonly fileName: string | undefined;
  readonly operationIndex: number | undefined;
  readonly line: number | undefined;
  /** What is wrong, without the location. */
  readonly problem: string;

  constructor(problem: string, location: InputErrorLocation = {}) {
    super(formatInputError(problem, location));
    this.problem = problem;
    this.fileName = location.fileName;
    this.operationIndex = location.operationIndex;
    this.line = location.line;
  }
}

function formatInputError(problem: string, location: InputErrorLocation): string {
  const parts: string[] = [];
  if (location.fileName !== undefined) parts.push(location.fileName);
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.operationIndex !== undefined) parts.push(`operation ${location.operationIndex}`);
  parts.push(problem);
  return parts.join(': ');
}

const QUOTE_LIMIT = 80;

/** Input quoted in an error message, cut short: a message stays one readable line, whatever the file holds. */
export function shortened(text: string, limit = QUOTE_LIMIT): string {
  const cut = text.length > limit ? `${text.slice(0, limit)}… (${text.length} characters)` : text;
  return cut.replace(/[\r\n]/g, ' ');
}
