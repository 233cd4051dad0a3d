/**
 * Where `check --html OUT` writes each file's page. One file: OUT itself.
 * Several: each page gets its file's base name before the extension
 * (out.etcd_000.html); when two files would get the same page (d1/x.json and
 * d2/x.json, or x.json and x.log), each of those gets its position in the
 * argument list too (out.x.1.html, out.x.2.html), so no page overwrites another.
 */

import path from 'node:path';

export function htmlPaths(output: string, files: readonly string[]): string[] {
  if (files.length === 1) return [output];
  const extension = path.extname(output);
  const stem = output.slice(0, output.length - extension.length);
  const pageOf = (name: string): string => `${stem}.${name}${extension || '.html'}`;
  // A control character (a newline, a tab) in a file's name would make a page name no shell or listing shows whole.
  const names = files.map((file) => path.basename(file, path.extname(file)).replace(/[\u0000-\u001f\u007f]/g, '_'));
  const taken = new Set<string>();
  const pages = names.map((name, position) => {
    const unique = names.indexOf(name) === names.lastIndexOf(name);
    let page = pageOf(unique ? name : `${name}.${position + 1}`);
    // A file may itself be called x.1.json: count on until the name is free.
    for (let suffix = 1; taken.has(page); suffix++) page = pageOf(`${name}.${position + 1}-${suffix}`);
    taken.add(page);
    return page;
  });
  return pages;
}
