/**
 * Node ids and log indexes stay small integers (V8 Smis) in a long-running
 * process. One double reaching an integer field or array turned every id or
 * index read from it afterwards into a freshly boxed double, deoptimized the
 * simulator's hot paths and held them slow for the rest of a sweep (round 10:
 * seeds/s after 20 warm-up seeds fell to 0.65x). The checks need V8's natives
 * syntax, so they run in a child node on the build (`npm test` builds first).
 */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/src/', import.meta.url));

/** Runs `body` (an ES module with %-natives, `dist` bound to the built src/ directory) and returns what it printed. */
function inV8(body: string): string {
  if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`npm run build\` first (npm test does)`);
  const script = `const dist = ${JSON.stringify(dist)};\n${body}`;
  const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  if (child.status !== 0) throw new Error(`child node failed: ${child.stderr}`);
  return child.stdout.trim();
}

describe('small integers stay small integers', () => {
  it('configurationOf, once optimized, returns an array of Smis (optimized Number(text) yields float64s)', () => {
    const out = inV8(`
      const { configurationOf } = await import(dist + 'sim/oracles/configuration-log.js');
      %PrepareFunctionForOptimization(configurationOf);
      for (let i = 0; i < 10; i++) configurationOf('config 1,2,3');
      %OptimizeFunctionOnNextCall(configurationOf);
      console.log(%HasSmiElements(configurationOf('config 1,2,4')));
    `);
    expect(out).toBe('true');
  });

  it('after seeds whose leaders back off without a hint, a Progress index still reads as a Smi', () => {
    // Seed 30 has a rejection without a hint: an Infinity there made nextIndex a double field of every Progress.
    const out = inV8(`
      const { runSeed, defaultSystem } = await import(dist + 'sim/index.js');
      const { newProgress } = await import(dist + 'raft/progress.js');
      for (let seed = 1; seed <= 40; seed++) runSeed(seed, {}, defaultSystem);
      console.log(%IsSmi(newProgress(4).nextIndex));
    `);
    expect(out).toBe('true');
  }, 60_000);
});
