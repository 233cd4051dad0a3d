/**
 * A file name as a one-line message shows it. Most names print as they are;
 * a name a reader could not see whole (empty, space at either end, a control
 * character such as a newline or a tab) prints JSON-quoted, so `check ' '`
 * says `" ": no such file` rather than a line that seems to lack a name.
 */
export function shownName(name: string): string {
  const invisible = name === '' || /^\s|\s$|[\u0000-\u001f\u007f]/.test(name);
  return invisible ? JSON.stringify(name) : name;
}
