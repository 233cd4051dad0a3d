/**
 * Reads one EDN document with edn-data, strictly and exactly:
 * - integers come out as `bigint`, always: edn-data reads `123` with
 *   parseInt, which rounds past 2^53, so two different big values could
 *   compare equal (a read of 9007199254740993 after a write of
 *   9007199254740992 would pass). We subclass its parser for integer tokens
 *   only (edn-data is pinned to the exact version this was checked against);
 * - brackets must match: edn-data closes whatever is open on any of `)]}`,
 *   so `[1 2}` would silently be a set.
 * - the symbolic floats `##Inf`, `##-Inf`, `##NaN` (Clojure prints infinite
 *   doubles so) are read as numbers, an `#inst` must be a real time, and a
 *   `#tag` or `#_` with no value after it is a syntax error: edn-data left
 *   these to fail later, as internal errors. We watch the characters it reads
 *   outside strings and comments and refuse a mismatch;
 * - a set holds no element twice and a map no key twice, equal as Clojure
 *   compares them (by canonical text: `1` and `1N` are one value): EDN
 *   forbids both, and edn-data kept them, so `#{1 1}` was read as a set of
 *   two and which of two values of a key counts was a guess;
 * - a map of an odd number of forms (`{:a 1 :b}`), and a `#tag` or `#_`
 *   with nothing before the bracket that closes it (`[1 #_]`), are syntax
 *   errors: edn-data dropped the key without its value, and took the
 *   dangling tag for the collection being closed;
 * - Clojure's reader forms that Jepsen can print are read as Clojure
 *   reads them: metadata `^{...} value` and `^:flag value` is dropped (it is
 *   not part of the value: `(= ^:x [1] [1])`), and a namespaced map
 *   `#:ns{:a 1, :_/b 2, :other/c 3}` is `{:ns/a 1, :b 2, :other/c 3}`
 *   (edn-data read the first as a symbol `^:flag` next to the value, the
 *   second as a tagged value that differed from the same map written out);
 * - a number, keyword or symbol has at most MAX_TOKEN characters;
 * - values nest at most MAX_DEPTH deep (printing and comparing values
 *   recurse); readEdn wants exactly one top-level value, readEdnValues
 *   takes a stream of them (Jepsen writes history.edn one op per line).
 *
 * Values keep edn-data's shapes: keywords `{key}`, symbols `{sym}`, chars
 * `{char}`, maps `{map: [key, value][]}`, sets `{set}`, lists `{list}`,
 * tagged values `{tag, val}`, vectors as arrays; nil is null.
 */

import { EDNListParser } from 'edn-data/dist/parse.js';
import { ednText } from './edn-value.js';

const INTEGER = /^[-+]?(0|[1-9][0-9]*)N?$/;
/** edn-data's ParseMode.idle: outside strings, escapes and comments. */
const IDLE = 0;
/** edn-data's ParseMode.comment. */
const COMMENT = 4;
/** What readEdnValues looks at between edn-data's chunks: brackets, and `^` for metadata. */
const BRACKET = /[[\](){}^]/g;
/** edn-data's StackItem values for the collection on top of its stack. */
const COLLECTION_OF_CLOSER: Readonly<Record<string, number>> = { ']': 0, ')': 1, '}': 2 };
const MAP = 2;
const SET = 3;
const CLOSER_OF: Readonly<Record<string, string>> = { '[': ']', '(': ')', '{': '}' };
/** Far beyond any Jepsen value, and far within the call stack. */
export const MAX_DEPTH = 1000;
/**
 * Characters in one number, keyword or symbol, far beyond any real one (a
 * 1000-digit integer). edn-data builds a token a character at a time and
 * tests the whole of it at each (`state.endsWith('#{')`), so time grows with
 * the square of its length: a line of 300,000 digits ran for minutes. Strings
 * have no such limit; edn-data reads them in linear time.
 */
export const MAX_TOKEN = 1000;

/** A Map, not an object: looked up by any token, `constructor` or `__proto__` found Object's own (the symbol read as Object.prototype). */
const SYMBOLIC_FLOATS: ReadonlyMap<string, number> = new Map([['##Inf', Infinity], ['##-Inf', -Infinity], ['##NaN', NaN]]);

class ExactIntegerParser extends EDNListParser {
  constructor() {
    super({ listAs: 'object' });
    // edn-data makes the Date; an unparsable time would be an Invalid Date that throws only when printed.
    const makeInstant = this.tagHandlers?.inst;
    // Without a prototype: edn-data looks a tag up by name, and `#constructor 5` found Object (a boxed 5),
    // `#toString 1` read as the string "[object Undefined]". Any tag but #inst is kept as a tagged value.
    this.tagHandlers = handlers({ inst: (value) => checkedInstant(value, makeInstant) });
  }

  override match(): void {
    if (this.state.startsWith('#:')) this.declareNamespacedMap(this.state.slice(2));
    if (INTEGER.test(this.state)) {
      this.result = BigInt(this.state.endsWith('N') ? this.state.slice(0, -1) : this.state);
      this.state = '';
      return;
    }
    const symbolic = SYMBOLIC_FLOATS.get(this.state);
    if (symbolic !== undefined) {
      this.result = symbolic;
      this.state = '';
      return;
    }
    super.match();
  }

  /** `#:ns{...}` reaches edn-data as the tag `:ns`: the tag's handler qualifies the map's keys. */
  private declareNamespacedMap(namespace: string): void {
    if (namespace === '' || namespace.startsWith(':')) {
      throw new Error('#:: namespaced maps name the reader\'s current namespace, which a file does not have');
    }
    this.tagHandlers = handlers({ ...this.tagHandlers, [`:${namespace}`]: (value) => qualifiedMap(namespace, value) });
  }

  /** The kind of what is open innermost (edn-data's StackItem), or null at the top level. */
  innermost(): { kind: number; pendingKey: boolean } | null {
    const top = this.stack.at(-1) as [number, unknown] | undefined;
    if (top === undefined) return null;
    const pendingKey = top[0] === MAP && Array.isArray(top[1]) && (top[1][1] as unknown[]).length > 0;
    return { kind: top[0], pendingKey };
  }

  /** How many forms the innermost open collection holds so far (a map's pending key counts), or null when a tag or discard waits innermost. */
  formsInInnermost(): number | null {
    const top = this.stack.at(-1) as [number, unknown] | undefined;
    if (top === undefined || top[0] > SET) return null;
    if (top[0] !== MAP) return (top[1] as unknown[]).length;
    const [entries, pendingKey] = top[1] as [unknown[], unknown[]];
    return entries.length * 2 + pendingKey.length;
  }

  get depth(): number {
    return this.stack.length;
  }
}

/** `#:ns{:a 1}` as Clojure reads it: unqualified keyword and symbol keys get `ns/`, `:_/a` loses its namespace. */
function qualifiedMap(namespace: string, value: unknown): unknown {
  const node = value as { map?: unknown };
  if (typeof value !== 'object' || value === null || !Array.isArray(node.map)) {
    throw new Error(`#:${namespace} must be followed by a map`);
  }
  const qualify = (name: string): string => (name.startsWith('_/') ? name.slice(2) : name.includes('/') ? name : `${namespace}/${name}`);
  return {
    map: (node.map as [unknown, unknown][]).map(([key, entry]) => {
      const named = key as { key?: unknown; sym?: unknown };
      if (typeof named?.key === 'string') return [{ key: qualify(named.key) }, entry];
      if (typeof named?.sym === 'string') return [{ sym: qualify(named.sym) }, entry];
      return [key, entry];
    }),
  };
}

type TagHandler = (value: unknown) => unknown;

/** Tag handlers by name, in an object without a prototype, so that no tag name finds an inherited property. */
function handlers(byName: Record<string, TagHandler | undefined>): Record<string, TagHandler> {
  return Object.assign(Object.create(null) as Record<string, TagHandler>, byName);
}

function checkedInstant(value: unknown, makeInstant: ((value: unknown) => unknown) | undefined): unknown {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || makeInstant === undefined) {
    throw new Error(`#inst needs an RFC 3339 time string, got ${String(value).slice(0, 40)}`);
  }
  return makeInstant(value);
}

/** Thrown with what is wrong; the caller adds the file name. */
export class EdnSyntaxError extends Error {
  override readonly name = 'EdnSyntaxError';
}

/** Parses `text` as a single EDN value; throws EdnSyntaxError. */
export function readEdn(text: string): unknown {
  const values = readEdnValues(text);
  if (values.length !== 1) {
    throw new EdnSyntaxError(`expected exactly one EDN value, found ${values.length}`);
  }
  return values[0];
}

/** Parses `text` as a sequence of top-level EDN values (maybe none); throws EdnSyntaxError. */
export function readEdnValues(text: string): unknown[] {
  const parser = new ExactIntegerParser();
  const values: unknown[] = [];
  const feed = (chunk: string): void => {
    // In slices, so that a token too long is refused before edn-data's quadratic work on it grows (see MAX_TOKEN).
    for (let start = 0; start < chunk.length || start === 0; start += MAX_TOKEN) {
      try {
        values.push(...parser.next(chunk.slice(start, start + MAX_TOKEN)));
      } catch (error) {
        throw new EdnSyntaxError(`invalid EDN: ${(error as Error).message}`);
      }
      if (parser.mode === IDLE && parser.state.length > MAX_TOKEN) {
        throw new EdnSyntaxError(`invalid EDN: a number, keyword or symbol longer than ${MAX_TOKEN} characters (${shortText(parser.state)})`);
      }
    }
  };
  // edn-data expects its input wrapped in a list; the opening one is consumed.
  feed('(');
  const open: string[] = [];
  // Each `^` read as metadata, with the collection it stands in and how many forms that held: metadata is dropped
  // like `#_`, but it needs a value after it (`[1 ^:m]` is not [1]), which a discard does not.
  const metadata: { depth: number; forms: number; index: number }[] = [];
  // At the top level, the forms are the values read so far and one edn-data holds until the next character.
  const formsHere = (): number | null =>
    parser.depth === 0 ? values.length + (parser.result === undefined ? 0 : 1) : parser.formsInInnermost();
  const refuseBareMetadata = (closer: string): void => {
    const depth = parser.depth;
    // Inner collections took their own marks when they closed: what is left at this depth ends the list.
    const last = metadata.at(-1);
    while (metadata.length > 0 && metadata.at(-1)!.depth >= depth) metadata.pop();
    if (last !== undefined && last.depth === depth && (formsHere() ?? Infinity) <= last.forms) {
      throw new EdnSyntaxError(`invalid EDN: line ${lineAt(text, last.index)}: ^ metadata has no value after it before ${closer === '' ? 'the end' : `'${closer}'`}`);
    }
  };
  let start = 0;
  for (const bracket of text.matchAll(BRACKET)) {
    const index = bracket.index;
    const char = bracket[0];
    feed(text.slice(start, index));
    start = index + 1;
    // Only what edn-data reads as structure counts, not brackets inside strings or comments.
    if (parser.mode !== IDLE) {
      feed(char);
      continue;
    }
    if (char === '^') {
      // At the start of a form, metadata: read and dropped like `#_` (inside a symbol, `a^b`, a plain character).
      if (parser.state === '') {
        const forms = formsHere();
        if (forms !== null) metadata.push({ depth: parser.depth, forms, index });
      }
      feed(parser.state === '' ? '#_' : char);
      continue;
    }
    matchBracket(char, open, () => lineAt(text, index));
    const kind = COLLECTION_OF_CLOSER[char];
    if (kind !== undefined) {
      // A separator ends the token before the bracket, so that what is open is what edn-data will close.
      feed(' ');
      refuseUnfinished(parser, kind, char, () => lineAt(text, index));
      refuseBareMetadata(char);
    }
    feed(char);
  }
  feed(text.slice(start));
  if (parser.mode !== IDLE && parser.mode !== COMMENT) throw new EdnSyntaxError('invalid EDN: a string does not end');
  if (open.length > 0) throw new EdnSyntaxError(`invalid EDN: '${open.at(-1)}' is never closed`);
  // The newline ends a comment on the last line, which would swallow the ')'.
  feed('\n');
  refuseBareMetadata('');
  feed(')');
  // With every bracket matched, what edn-data can leave open is a tag or a discard waiting for its value.
  if (!parser.isDone()) throw new EdnSyntaxError('invalid EDN: a # tag or #_ discard has no value after it');
  for (const value of values) refuseRepeats(value);
  return values;
}

/** Throws EdnSyntaxError unless what `closer` closes is a finished collection of its kind. */
function refuseUnfinished(parser: ExactIntegerParser, kind: number, closer: string, line: () => number): void {
  const open = parser.innermost();
  if (open === null) return; // A closer of nothing: matchBracket has refused it already.
  if (open.kind !== kind && !(kind === MAP && open.kind === SET)) {
    throw new EdnSyntaxError(`invalid EDN: line ${line()}: a # tag, #_ discard or ^ metadata has no value before '${closer}'`);
  }
  if (open.pendingKey) throw new EdnSyntaxError(`invalid EDN: line ${line()}: a map has a key with no value before '}'`);
}

/** Throws EdnSyntaxError at the first set with an element twice, or map with a key twice, in `root` (iterative: depth costs no stack). */
function refuseRepeats(root: unknown): void {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null || value instanceof Date) continue;
    if (Array.isArray(value)) {
      pending.push(...value);
      continue;
    }
    const node = value as { set?: unknown; map?: unknown; list?: unknown; val?: unknown };
    if (Array.isArray(node.set)) {
      const repeat = firstRepeat(node.set);
      if (repeat !== null) throw new EdnSyntaxError(`invalid EDN: the set ${cut(ednText(value))} has the element ${cut(repeat)} twice`);
      pending.push(...node.set);
    } else if (Array.isArray(node.map)) {
      const entries = node.map as [unknown, unknown][];
      const repeat = firstRepeat(entries.map(([key]) => key));
      if (repeat !== null) throw new EdnSyntaxError(`invalid EDN: the map ${cut(ednText(value))} has the key ${cut(repeat)} twice`);
      for (const [key, entry] of entries) pending.push(key, entry);
    } else if (Array.isArray(node.list)) {
      pending.push(...node.list);
    } else if ('val' in node) {
      pending.push(node.val);
    }
  }
}

/** The canonical text of the first value of `values` equal to an earlier one, or null. */
function firstRepeat(values: readonly unknown[]): string | null {
  if (values.length < 2) return null;
  const seen = new Set<string>();
  for (const value of values) {
    const text = ednText(value);
    if (seen.has(text)) return text;
    seen.add(text);
  }
  return null;
}

function shortText(text: string): string {
  return `${text.slice(0, 20)}...`;
}

function cut(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}

function matchBracket(char: string, open: string[], line: () => number): void {
  const closer = CLOSER_OF[char];
  if (closer !== undefined) {
    if (open.length === MAX_DEPTH) throw new EdnSyntaxError(`line ${line()}: values nested more than ${MAX_DEPTH} deep`);
    open.push(closer);
    return;
  }
  const expected = open.pop();
  if (expected !== char) {
    const what = expected === undefined ? 'closes nothing' : `where '${expected}' was expected`;
    throw new EdnSyntaxError(`invalid EDN: line ${line()}: '${char}' ${what}`);
  }
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let position = text.indexOf('\n'); position !== -1 && position < index; position = text.indexOf('\n', position + 1)) {
    line++;
  }
  return line;
}
