/**
 * Looking into EDN values as edn-reader.ts gives them, and printing them back
 * as canonical EDN text. Models compare Jepsen values by that text, so it
 * must be exact and canonical: integers (always bigint) print all their
 * digits, floats keep a decimal point (Clojure's 1 and 1.0 differ), lists
 * print as vectors (Clojure's `(= '(1 2) [1 2])`), and the elements of sets
 * and the entries of maps are sorted, so equal values print the same.
 */

export type EdnMap = ReadonlyMap<string, unknown>;

export function isKeyword(value: unknown, name?: string): value is { key: string } {
  return has(value, 'key') && typeof value.key === 'string' && (name === undefined || value.key === name);
}

/** A vector or a list as an array; null for anything else. */
export function sequenceOf(value: unknown): readonly unknown[] | null {
  if (Array.isArray(value)) return value;
  if (has(value, 'list') && Array.isArray(value.list)) return value.list;
  return null;
}

/**
 * The keyword-keyed entries of a map, by keyword name; null if `value` is not
 * a map. A tagged map (`#jepsen.history.Op{...}`, as newer Jepsen writes ops)
 * counts as its map.
 */
export function keywordMapOf(value: unknown): EdnMap | null {
  const untagged = has(value, 'tag') && has(value, 'val') ? value.val : value;
  if (!has(untagged, 'map') || !Array.isArray(untagged.map)) return null;
  const entries = new Map<string, unknown>();
  for (const [key, entry] of untagged.map as [unknown, unknown][]) {
    if (isKeyword(key)) entries.set(key.key, entry);
  }
  return entries;
}

/** Canonical EDN text of a value read by readEdn. */
export function ednText(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return floatText(value);
    case 'boolean':
      return String(value);
    case 'string':
      return ednString(value);
  }
  if (value instanceof Date) return `#inst ${ednString(value.toISOString())}`;
  const sequence = sequenceOf(value);
  if (sequence !== null) return `[${sequence.map(ednText).join(' ')}]`;
  if (isKeyword(value)) return `:${value.key}`;
  if (has(value, 'sym') && typeof value.sym === 'string') return value.sym;
  if (has(value, 'char') && typeof value.char === 'string') return charText(value.char);
  if (has(value, 'set') && Array.isArray(value.set)) return `#{${value.set.map(ednText).sort().join(' ')}}`;
  if (has(value, 'map') && Array.isArray(value.map)) {
    const entries = (value.map as [unknown, unknown][]).map(([key, entry]) => `${ednText(key)} ${ednText(entry)}`);
    return `{${entries.sort().join(', ')}}`;
  }
  if (has(value, 'tag') && typeof value.tag === 'string' && has(value, 'val')) return `#${value.tag} ${ednText(value.val)}`;
  throw new TypeError(`not an EDN value: ${String(value)}`);
}

/** A JavaScript string as an EDN string literal. */
export function ednString(text: string): string {
  return `"${text.replace(/[\\"\u0000-\u001f\u007f]/g, escapeChar)}"`;
}

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

function escapeChar(char: string): string {
  return ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

const CHAR_NAMES: Readonly<Record<string, string>> = { '\n': 'newline', ' ': 'space', '\t': 'tab', '\r': 'return' };

/** `\a`, `\newline`, `\u0007`: never a raw control character. */
function charText(char: string): string {
  const code = char.charCodeAt(0);
  return `\\${CHAR_NAMES[char] ?? (code < 0x20 || code === 0x7f ? `u${code.toString(16).padStart(4, '0')}` : char)}`;
}

function floatText(value: number): string {
  if (Number.isNaN(value)) return '##NaN';
  if (!Number.isFinite(value)) return value > 0 ? '##Inf' : '##-Inf';
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

function has<K extends string>(value: unknown, key: K): value is Record<K, unknown> {
  return typeof value === 'object' && value !== null && key in value;
}
