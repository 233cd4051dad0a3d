/** Runs the built CLI (dist/src/cli/main.js) in a child process; `npm test` builds first (pretest). */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[]): CliRun {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npx tsc -b\` first (npm test does)`);
  const child = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** The 16-hex trace hash printed by a run. */
export function traceHashOf(stdout: string): string | undefined {
  return /^trace hash: ([0-9a-f]{16})/m.exec(stdout)?.[1];
}
