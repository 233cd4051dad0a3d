/**
 * A Jepsen history.edn printed as history.txt, as jepsen.util/prn-op prints
 * each operation: `pr` of process, type, f and value, tab-separated, then
 * `print` of the error if any (a string bare). Tests convert histories whose
 * verdicts they know, so the txt reader is judged against the EDN reader.
 */

import { readEdnValues } from '../../checker/parse/edn-reader.js';
import { ednText, keywordMapOf, sequenceOf } from '../../checker/parse/edn-value.js';

export function ednToTxt(edn: string): string {
  const documents = readEdnValues(edn);
  const ops = documents.length === 1 ? sequenceOf(documents[0])! : documents;
  return ops
    .map((op) => {
      const map = keywordMapOf(op)!;
      const fields = ['process', 'type', 'f', 'value'].map((key) => ednText(map.get(key) ?? null));
      const error = map.get('error');
      if (error !== undefined && error !== null) fields.push(typeof error === 'string' ? error : ednText(error));
      return `${fields.join('\t')}\n`;
    })
    .join('');
}
