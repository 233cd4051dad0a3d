/**
 * Goal: the checker stays deterministic and self-contained. Method: scan the
 * TypeScript sources under checker/ for clocks, randomness, timers,
 * asynchrony, worker threads, real I/O and imports from the simulator (src/).
 * This includes the browser script embedded in the HTML view.
 */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from './shared-data.js';

const FORBIDDEN: [string, RegExp][] = [
  ['Math.random', /Math\.random/],
  ['Date.now', /Date\.now/],
  ['new Date', /new Date\b/],
  ['performance', /\bperformance\b/],
  ['process.hrtime', /hrtime/],
  ['timers', /\b(setTimeout|setInterval|setImmediate|queueMicrotask|requestAnimationFrame)\b/],
  ['promises', /\b(Promise|async|await)\b/],
  ['worker threads', /worker_threads|\bWorker\b/],
  ['node I/O', /from ['"](node:)?(fs|fs\/promises|net|http|https|child_process|crypto)['"]/],
  ['imports from src/', /from ['"](\.\.\/)+src\//],
];

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('checker determinism', () => {
  const files = sources(path.join(REPOSITORY_ROOT, 'checker'));

  it('finds the checker sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(FORBIDDEN)('uses no %s', (_name, pattern) => {
    const hits = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, index }))
        .filter(({ line }) => pattern.test(line) && !/^\s*(\*|\/\/)/.test(line))
        .map(({ index }) => `${path.relative(REPOSITORY_ROOT, file)}:${index + 1}`),
    );
    expect(hits).toEqual([]);
  });
});
