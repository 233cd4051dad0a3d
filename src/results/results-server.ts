/**
 * `raft-check serve`: the results store over HTTP on localhost, for browsing
 * from another tab or a remote shell's port forward. Read-only, GET and HEAD
 * only, nothing outside the store's folder (symlinks such as `latest` are
 * followed only when they stay inside it). The store opens from file:// just
 * as well; this is a convenience, not a requirement.
 */

import { createReadStream, readdirSync, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { escapeHtml } from '@raft-check/checker';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
};

/** The same policy as the pages themselves: inline style and script of the page, nothing fetched. */
const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:",
  'X-Content-Type-Options': 'nosniff',
};

/** The real path of `urlPath` under `root`, or null when it is missing or escapes the store. */
function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  try {
    const real = realpathSync(join(root, decoded));
    return real === root || real.startsWith(root + sep) ? real : null;
  } catch {
    return null;
  }
}

/** The root's page when it has no index.html: the sweep folders, newest first. */
function folderList(dir: string): string {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() || entry.isSymbolicLink())
    .map((entry) => entry.name)
    .sort()
    .reverse();
  const items = names.map((name) => `<li><a href="${escapeHtml(encodeURIComponent(name))}/index.html">${escapeHtml(name)}</a></li>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>raft-check results</title></head><body><h1>raft-check results</h1><ul>\n${items}\n</ul></body></html>\n`;
}

function respond(response: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'Content-Type': type, ...SECURITY_HEADERS });
  response.end(text);
}

export function createResultsServer(storeRoot: string): Server {
  const root = realpathSync(storeRoot);
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(response, 405, 'read-only\n');
    const urlPath = new URL(request.url ?? '/', 'http://localhost').pathname;
    const path = resolveInside(root, urlPath);
    if (path === null) return respond(response, 404, 'not found\n');
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      return respond(response, 404, 'not found\n'); // Removed since it was resolved.
    }
    if (isFolder) {
      const index = join(path, 'index.html');
      try {
        if (statSync(index).isFile()) return streamFile(response, index, request.method === 'HEAD');
      } catch {
        // No index.html: list the folder's sweeps.
      }
      return respond(response, 200, folderList(path), CONTENT_TYPES['.html']);
    }
    return streamFile(response, path, request.method === 'HEAD');
  });
}

function streamFile(response: ServerResponse, path: string, headOnly: boolean): void {
  response.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream', ...SECURITY_HEADERS });
  if (headOnly) {
    response.end();
    return;
  }
  createReadStream(path).on('error', () => response.destroy()).pipe(response);
}
