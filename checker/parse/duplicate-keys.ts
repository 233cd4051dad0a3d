/**
 * The first key written twice in one JSON object, or null. JSON.parse keeps
 * the last of them silently, so `{"client": 1, "client": 0}` (a writer's
 * bug) would be judged as one of two readings without a word. One
 * left-to-right pass like everyNumberFaithful's: each string literal is
 * skipped whole, braces open and close objects, and a string followed by a
 * colon is a key of the innermost object. Keys are compared as written
 * (escapes and all), which is enough for any writer that writes a key one way.
 */

export interface DuplicateKey {
  key: string;
  /** Offset of the second occurrence in the text. */
  offset: number;
}

export function firstDuplicateKey(text: string): DuplicateKey | null {
  const next = /["{}]/g;
  const string = /"[^"\\]*(?:\\[\s\S][^"\\]*)*"/y;
  const colon = /\s*:/y;
  // One set per nesting level, cleared and reused: a history has an object or three per operation.
  const levels: Set<string>[] = [];
  let depth = 0;
  for (let found = next.exec(text); found !== null; found = next.exec(text)) {
    if (found[0] === '{') {
      const keys = levels[depth];
      if (keys === undefined) levels.push(new Set());
      else keys.clear();
      depth++;
      continue;
    }
    if (found[0] === '}') {
      depth--;
      continue;
    }
    string.lastIndex = found.index;
    const token = string.exec(text);
    // An unterminated string: not JSON, and the parser will say where.
    if (token === null) return null;
    next.lastIndex = string.lastIndex;
    colon.lastIndex = string.lastIndex;
    const keys = levels[depth - 1];
    if (keys === undefined || !colon.test(text)) continue;
    if (keys.has(token[0])) return { key: token[0], offset: found.index };
    keys.add(token[0]);
  }
  return null;
}
