/**
 * The code part of a run's fingerprint: the package version plus a hash of
 * the code that decides what a run does (Raft, KV, storage, simulator,
 * harness, bug switches, the checker's search and models), so a replay on
 * different behaviour shows a different fingerprint instead of silently
 * diverging. The CLI, the report, sweeps and shrinking are left out: changing
 * them changes no run, and must not make every saved failure warn.
 *
 * It hashes the TypeScript sources when they are there (a clone: the build
 * and the tests from source then agree, and a fresh clone matches the
 * committed corpus), else the built JavaScript. Lives in src/cli because it
 * reads files; the simulator itself never touches the disk.
 *
 * The built CLI (dist/bin) reads the fingerprint `npm run build` stamped
 * beside it instead (scripts/bundle-cli.mjs writes BUILD_STAMP from this
 * module's hash of the sources): hashing some 140 files took 0.1 to 0.15 s of
 * CPU at every run, sweep, replay, shrink and regress start, and the tests
 * start those dozens of times. The stamp names the code the bundle was built
 * from, which is the code it runs even when the sources were edited since.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hash64 } from '../sim/hash.js';

/** The folders, relative to the package root, whose code decides a run's behaviour and verdict. */
export const BEHAVIOUR_DIRS = [
  'src/raft',
  'src/kv',
  'src/storage',
  'src/sim',
  'src/harness',
  'src/bugs',
  'src/util',
  'checker/search',
  'checker/models',
] as const;

/** The checker's top-level files that take part in judging a history (not parsing, rendering or reporting it). */
const CHECKER_CORE_FILES = ['assert.ts', 'check.ts', 'errors.ts', 'events.ts', 'history.ts', 'model.ts', 'options.ts', 'registry.ts', 'result.ts', 'validate.ts'];

const here = dirname(fileURLToPath(import.meta.url));

/** The folder holding raft-check's package.json (the repository root in a clone). */
function packageRoot(): string {
  let directory = here;
  for (;;) {
    const candidate = join(directory, 'package.json');
    if (existsSync(candidate)) {
      try {
        if ((JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown }).name === 'raft-check') return directory;
      } catch {
        // Not ours; keep climbing.
      }
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`cannot find raft-check's package.json above ${here}`);
    directory = parent;
  }
}

export function packageVersion(): string {
  const parsed = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
}

/** The files that are hashed, relative to the package root (exported for tests). */
export function behaviourFiles(root = packageRoot()): string[] {
  const fromSources = existsSync(join(root, 'src', 'raft'));
  const base = fromSources ? root : join(root, 'dist');
  const extension = fromSources ? '.ts' : '.js';
  const files: string[] = [];
  for (const dir of BEHAVIOUR_DIRS) {
    const absolute = join(base, dir);
    if (existsSync(absolute)) files.push(...listFiles(absolute, extension));
  }
  for (const name of CHECKER_CORE_FILES) {
    const path = join(base, 'checker', name.replace(/\.ts$/, extension));
    if (existsSync(path)) files.push(path);
  }
  return files.map((file) => relative(base, file).split(/[\\/]/).join('/'));
}

/** The file beside the bundled CLI that holds its build's fingerprint. */
export const BUILD_STAMP = 'code-version.txt';

/** "<version>+<8 hex of the behaviour code>": the build's stamp when one lies beside this code, else hashed now. */
export function codeVersion(): string {
  const stamp = join(here, BUILD_STAMP);
  return existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : hashedCodeVersion();
}

/** The fingerprint hashed from the behaviour files (what the build stamps). */
export function hashedCodeVersion(): string {
  const root = packageRoot();
  const base = existsSync(join(root, 'src', 'raft')) ? root : join(root, 'dist');
  const hash = new Hash64();
  for (const file of behaviourFiles(root)) {
    // A checkout with CRLF line ends holds the same code.
    hash.string(file).string(readFileSync(join(base, file), 'utf8').replace(/\r\n/g, '\n'));
  }
  return `${packageVersion()}+${hash.hex().slice(0, 8)}`;
}

function listFiles(directory: string, extension: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path, extension));
    else if (entry.name.endsWith(extension) && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}
