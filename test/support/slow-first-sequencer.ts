/**
 * Starts the slowest test files first, so that on two workers no long file is
 * left to run alone at the end. Vitest orders by the durations it cached in
 * node_modules/.vite, but a fresh checkout (CI removes node_modules) has none,
 * and then it goes by file size, which says little here. The list is the
 * slowest files of a JSON-reporter run (2026-12-01, round 8), slowest first,
 * except the power test, first: when its witness seeds no longer catch
 * (test/bugs/power-witnesses.ts) it searches, and is the longest;
 * every other file follows in vitest's own order. A file missing from the
 * list only starts later; a listed file that is gone is ignored.
 */

import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const SLOWEST_FIRST = [
  'test/bugs/power.test.ts',
  'test/harness/exec-raft.test.ts',
  'test/sim/sweep.test.ts',
  'test/report/run-report-browser.test.ts',
  'test/harness/exec-errors.test.ts',
  'test/report/report-browser.test.ts',
  'test/sweep/sweep-cli.test.ts',
  'test/harness/python-node.test.ts',
  'test/sim/cross-process.test.ts',
  'test/cli/report-flag.test.ts',
  'test/sweep/sweep-limits.test.ts',
  'test/harness/protocol-schemas.test.ts',
  'test/raft/cluster-faults.test.ts',
  'test/cli/system-end-to-end.test.ts',
  'test/bugs/cli.test.ts',
  'test/checker/html-view.browser.test.ts',
  'test/sweep/results-index.browser.test.ts',
  'test/cli/help-and-errors.test.ts',
  'test/checker/html-size.test.ts',
  'test/shrink/plan-reductions.test.ts',
  'test/cli/internal-error.test.ts',
  'test/sim/membership-runs.test.ts',
  'test/checker/edn-knossos.test.ts',
];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const index = SLOWEST_FIRST.indexOf(relative(spec.project.config.root, spec.moduleId).split('\\').join('/'));
      return index === -1 ? SLOWEST_FIRST.length : index;
    };
    // Array.prototype.sort is stable: unlisted files keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
