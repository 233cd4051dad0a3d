/**
 * vitest global setup: a test run leaves nothing in the checkout. A sweep run
 * without `--results` writes its results store to `raft-check-results/` in the
 * working directory, which for tests is the repository; such a folder would
 * pile up there run after run (ignored by git, so unseen). Every test that
 * sweeps passes a scratch `--results`; this fails the run when one does not.
 */

import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RESULTS = fileURLToPath(new URL('../../raft-check-results', import.meta.url));

function entries(): Set<string> {
  return new Set(existsSync(RESULTS) ? readdirSync(RESULTS) : []);
}

export default function setup(): () => void {
  const before = entries();
  return () => {
    const added = [...entries()].filter((name) => !before.has(name) && name !== 'latest');
    if (added.length > 0) {
      // vitest reports an error thrown here but still exits 0: set the exit code ourselves.
      process.stderr.write(`tests wrote sweep results into the checkout (raft-check-results/${added.join(', ')}): give the sweep a scratch --results\n`);
      process.exitCode = 1;
    }
  };
}
