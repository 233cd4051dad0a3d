/**
 * The package as a user installs it (issue 10.9): a TypeScript user can
 * `import type { NodeFactory } from 'raft-check'`, and the README's module
 * example (examples/my-node.mjs, which imports the package by name) runs.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

describe('the package API', () => {
  it('type-checks a user file that imports the node types from "raft-check"', () => {
    const project = mkdtempSync(join(tmpdir(), 'raft-check-user-'));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(repo, join(project, 'node_modules', 'raft-check'), 'dir');
    writeFileSync(
      join(project, 'my-node.ts'),
      [
        "import type { NodeFactory, NodeView, SimNode } from 'raft-check';",
        "import { raftFactory, type RaftMessage } from 'raft-check';",
        'const view: NodeView | null = null;',
        'export const factory: NodeFactory<RaftMessage> = {',
        "  name: 'typed',",
        '  start: (options, files): SimNode<RaftMessage> => raftFactory.start(options, files),',
        '  describeMessage: (message) => JSON.stringify(message) + String(view),',
        '  messageKind: (message) => message.kind,',
        '};',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['my-node.ts'] }),
    );
    writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module' }));
    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    // Throws, with tsc's diagnostics, if the import does not resolve or the types do not fit.
    expect(() => execFileSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  }, 60_000);

  it('runs the README example module and gets the same run as our Raft', () => {
    const example = runCli(['--seed', '3', '--system', 'examples/my-node.mjs'], { cwd: repo });
    const ours = runCli(['--seed', '3'], { cwd: repo });
    expect(example.stderr).toBe('');
    expect(example.stdout).toMatch(/^raft-check seed 3 {2}\(my-raft, /m);
    expect(example.stdout).toMatch(/^replay: raft-check --seed 3 --system examples\/my-node\.mjs$/m);
    const hash = (stdout: string): string | undefined => /^trace hash: (\w+)/m.exec(stdout)?.[1];
    expect(hash(example.stdout)).toBe(hash(ours.stdout));
    expect(example.status).toBe(ours.status);
  });
});
