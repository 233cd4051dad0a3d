/**
 * The code part of a run's fingerprint: the package version plus a hash of
 * the built JavaScript (dist/src/**.js), so a replay on different code shows
 * a different fingerprint instead of silently diverging. Lives in src/cli
 * because it reads files; the simulator itself never touches the disk.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hash64 } from '../sim/hash.js';

const here = dirname(fileURLToPath(import.meta.url));
/** dist/src when running the build, src when running from source (tests). */
const codeRoot = dirname(here);

export function packageVersion(): string {
  for (const candidate of [join(codeRoot, '..', '..', 'package.json'), join(codeRoot, '..', 'package.json')]) {
    try {
      const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown };
      if (parsed.name === 'raft-check' && typeof parsed.version === 'string') return parsed.version;
    } catch {
      // Not this candidate; try the next.
    }
  }
  return '0.0.0';
}

/** "<version>+<8 hex of the code>". */
export function codeVersion(): string {
  const extension = codeRoot.split(/[\\/]/).includes('dist') ? '.js' : '.ts';
  const hash = new Hash64();
  for (const file of listFiles(codeRoot, extension)) {
    hash.string(file.slice(codeRoot.length)).bytes(readFileSync(file));
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
