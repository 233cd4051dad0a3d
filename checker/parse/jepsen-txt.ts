/**
 * Reads Jepsen's `history.txt`, the text twin of history.edn that Jepsen's
 * store writes next to it (jepsen.util/prn-op): one operation per line,
 *   process TAB type TAB f TAB value [TAB error]
 * e.g. `3	:ok	:cas	[1 2]` or `:nemesis	:info	:start	nil	timed out`.
 * The first four fields are printed readably (`pr`), so each is one EDN value
 * and none holds a raw tab or newline (a string's are escaped). The error is
 * printed for people (`print`: a string without its quotes), so it is taken
 * as EDN when it is one value (`:cas-mismatch`, `[:timeout 5]`) and as text
 * otherwise; only a cas's `:cas-mismatch` means anything to the models.
 *
 * The meaning is history.edn's (jepsen-edn.ts), with the same models and
 * options: each line is the operation map it was printed from, in file order.
 * Blank lines and CRLF line ends are allowed; any other line that is not an
 * operation is refused with its line number. An error printed over several
 * lines (a multi-line exception message) is refused too rather than guessed
 * at: skipping lines could skip operations.
 */

import { HistoryInputError, shortened } from '../errors.js';
import type { HistoryFile } from '../history.js';
import { EdnSyntaxError, readEdn } from './edn-reader.js';
import { checkedJepsenOp, historyOfJepsenOps, type JepsenEdnOptions } from './jepsen-edn.js';
import type { JepsenOp } from './jepsen-op.js';

/** How a history.txt line starts: a client number or a keyword process, then a tab and the type. */
export const JEPSEN_TXT_LINE = /^(\d+|:[^\s]+)\t:(invoke|ok|fail|info)\t/;

export function parseJepsenTxt(text: string, options: JepsenEdnOptions = {}): HistoryFile {
  const { fileName } = options;
  const lineOf: number[] = [];
  const failAtLine = (problem: string, line?: number): never => {
    throw new HistoryInputError(problem, { fileName, line });
  };
  const records: JepsenOp[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const lineNumber = index + 1;
    const fields = line.split('\t');
    if (fields.length < 4) {
      failAtLine(`not a Jepsen history.txt line (process, type, f and value separated by tabs): ${shortened(line)}`, lineNumber);
    }
    const field = (position: number, name: string): unknown => {
      try {
        return readEdn(fields[position]!);
      } catch (error) {
        if (error instanceof EdnSyntaxError) return failAtLine(`the ${name} field is not one EDN value (${error.message}): ${shortened(fields[position]!)}`, lineNumber);
        throw error;
      }
    };
    lineOf.push(lineNumber);
    records.push(
      checkedJepsenOp(
        { process: field(0, 'process'), type: field(1, 'type'), f: field(2, 'f'), value: field(3, 'value'), error: errorField(fields.slice(4).join('\t')) },
        records.length,
        (problem, position) => failAtLine(problem, lineOf[position]!),
      ),
    );
  }
  return historyOfJepsenOps(records, options, 'jepsen-txt', (problem, position) =>
    failAtLine(problem, position === undefined ? undefined : lineOf[position]),
  );
}

/** The error field: nil when absent, the EDN value when it is one, else the text as printed. */
function errorField(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return readEdn(text);
  } catch (error) {
    if (error instanceof EdnSyntaxError) return text;
    throw error;
  }
}
