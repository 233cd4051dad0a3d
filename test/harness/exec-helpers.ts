/** Shared by the exec tests: the commands of the in-repo exec nodes, run from the repository root. */

import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Our Raft behind the step protocol (imports dist/: `npm test` builds first). */
export const RAFT_ADAPTER = `exec:node ${repoRoot}examples/exec-raft-node.mjs`;

export const brokenNode = (mode: string): string => `exec:node ${repoRoot}test/harness/fixtures/broken-node.mjs ${mode}`;
