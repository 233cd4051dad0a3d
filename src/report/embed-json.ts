/**
 * Embedding data in an HTML page. The report carries its data as JSON inside
 * `<script type="application/json">`; a string in the data such as
 * "</script>" or "<!--" must not end or confuse that element, so every "<"
 * becomes the JSON escape "\u003c", which JSON.parse turns back into "<".
 */

export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
