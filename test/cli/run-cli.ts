/** Runs the built CLI (dist/bin/raft-check.js, the bundle `npm run build` makes) in a child process; `npm test` builds first (pretest). */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/bin/raft-check.js', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `nodeArgs` go to node itself (e.g. --import a preload that injects a failure); `cwd` defaults to the test's. */
export function runCli(args: string[], options: { nodeArgs?: string[]; cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first (npm test does)`);
  const child = spawnSync(process.execPath, [...(options.nodeArgs ?? []), cliPath, ...args], { encoding: 'utf8', timeout: 60_000, cwd: options.cwd, env: options.env });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Whether stderr is exactly one line with no stack frame in it. */
export function isOneLine(stderr: string): boolean {
  return stderr.trim().split('\n').length === 1 && !/\bat .*:\d+:\d+/.test(stderr);
}

/** The 16-hex trace hash printed by a run. */
export function traceHashOf(stdout: string): string | undefined {
  return /^trace hash: ([0-9a-f]{16})/m.exec(stdout)?.[1];
}
