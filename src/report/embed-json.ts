/**
 * Embedding data in an HTML page. The report carries its data as JSON inside
 * `<script type="application/json">`; a string in the data such as
 * "</script>" or "<!--" must not end or confuse that element, so every "<"
 * becomes the JSON escape "\u003c", which JSON.parse turns back into "<".
 */

export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
