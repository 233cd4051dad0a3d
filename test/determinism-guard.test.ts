/**
 * The determinism rule: code that runs inside the simulation (src/sim,
 * src/raft, src/kv, src/storage, checker/) may not reach for wall clocks,
 * unseeded randomness, timers, promises/async, or real I/O. This scans the
 * sources and fails on any use, naming file and line. (The CLI, sweeps and
 * reports live outside and may use them.)
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const guarded = ['src/sim', 'src/raft', 'src/kv', 'src/storage', 'checker'];

const forbidden: { name: string; pattern: RegExp }[] = [
  { name: 'Math.random', pattern: /\bMath\.random\b/ },
  { name: 'Date.now', pattern: /\bDate\.now\b/ },
  { name: 'new Date', pattern: /\bnew\s+Date\b/ },
  { name: 'performance.now', pattern: /\bperformance\.now\b/ },
  { name: 'process.hrtime', pattern: /\bprocess\.hrtime\b/ },
  { name: 'timers', pattern: /\b(setTimeout|setInterval|setImmediate|queueMicrotask)\s*\(/ },
  { name: 'promises / async', pattern: /\b(async\s+(function|\(|[A-Za-z_$][\w$]*\s*\()|await\s|new\s+Promise\b|Promise\.(resolve|all|race|any|allSettled)\b)/ },
  { name: 'crypto randomness', pattern: /\b(crypto\.getRandomValues|randomBytes|randomUUID)\b/ },
  { name: 'GC-dependent API', pattern: /\b(WeakRef|FinalizationRegistry)\b/ },
  {
    name: 'real I/O or threads import',
    pattern: /(from\s+|import\s*\(\s*|require\s*\(\s*)['"](node:)?(fs|fs\/promises|worker_threads|child_process|net|http|https|dgram|dns|os|cluster|readline|perf_hooks|timers|timers\/promises|crypto)['"]/,
  },
  { name: 'process environment', pattern: /\bprocess\.(env|argv|stdout|stderr|exit)\b/ },
];

function sourceFiles(directory: string): string[] {
  const files: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch {
    return files; // a guarded directory that does not exist yet has nothing to scan
  }
  for (const name of entries.sort()) {
    if (name === 'dist' || name === 'node_modules') continue;
    const path = join(directory, name);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

/** Drops comments (line and block) so that prose explaining the rule does not trip it. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function findViolations(files: readonly string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    const lines = stripComments(readFileSync(file, 'utf8')).split('\n');
    lines.forEach((line, index) => {
      for (const rule of forbidden) {
        if (rule.pattern.test(line)) hits.push(`${relative(root, file)}:${index + 1}: ${rule.name}: ${line.trim()}`);
      }
    });
  }
  return hits;
}

describe('determinism guard', () => {
  it('finds no clock, randomness, timer, async or I/O use in simulated code', () => {
    const files = guarded.flatMap((directory) => sourceFiles(join(root, directory)));
    expect(files.length).toBeGreaterThan(10);
    expect(findViolations(files)).toEqual([]);
  });

  it('would catch each forbidden construct', () => {
    const samples = [
      'const x = Math.random();',
      'const t = Date.now();',
      'const d = new Date();',
      'performance.now()',
      'setTimeout(() => {}, 1)',
      'async function f() {}',
      'await thing;',
      "import { readFileSync } from 'node:fs';",
      "import { Worker } from 'worker_threads';",
      'new Promise((resolve) => resolve(1))',
      'crypto.getRandomValues(buffer)',
      'const r = new WeakRef(x);',
    ];
    for (const sample of samples) {
      const matched = forbidden.some((rule) => rule.pattern.test(stripComments(sample)));
      expect(matched, sample).toBe(true);
    }
    expect(forbidden.some((rule) => rule.pattern.test(stripComments('// Math.random is forbidden here')))).toBe(false);
  });
});
