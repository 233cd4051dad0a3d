/**
 * `raft-check serve`: the results store over HTTP on 127.0.0.1, read-only,
 * following `latest` but nothing that leads outside the store.
 */

import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { createResultsServer } from '../../src/results/results-server.js';

describe('serving the results store', () => {
  const outside = mkdtempSync(join(tmpdir(), 'outside-'));
  const root = mkdtempSync(join(tmpdir(), 'store-'));
  let server: Server;
  let base = '';

  beforeAll(async () => {
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    mkdirSync(join(root, '20261130-120000-1..10', 'failures'), { recursive: true });
    writeFileSync(join(root, '20261130-120000-1..10', 'index.html'), '<h1>sweep</h1>');
    writeFileSync(join(root, '20261130-120000-1..10', 'failures', 'seed-3.json'), '{}');
    symlinkSync('20261130-120000-1..10', join(root, 'latest'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'escape.txt'));
    server = createResultsServer(root);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves sweep folders, latest included, with content types and the pages CSP', async () => {
    const page = await fetch(`${base}/latest/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(await page.text()).toBe('<h1>sweep</h1>');
    const file = await fetch(`${base}/20261130-120000-1..10/failures/seed-3.json`);
    expect(file.headers.get('content-type')).toMatch(/^application\/json/);
    const list = await (await fetch(`${base}/`)).text();
    expect(list).toContain('href="20261130-120000-1..10/index.html"');
  });

  it('serves nothing outside the store and refuses writes', async () => {
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/escape.txt', '/nothing-here', '/%E0%A4%A']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('secret');
    }
    expect((await fetch(`${base}/latest/index.html`, { method: 'PUT', body: 'x' })).status).toBe(405);
  });
});
