/**
 * The top-level command (`raft-check --seed N`, `--seeds A..B`, `--plan FILE`):
 * its flags, help and examples. What it does is src/cli/run-command.ts, loaded
 * only when it runs (see when-loaded.ts).
 */

import type { Argv, CommandModule } from 'yargs';
import { EXIT_CODE_LINES } from '../exit-codes.js';
import type { RunArgs } from '../run-command.js';
import { parseSeedFlag, withOverrideOptions } from '../run-options.js';
import { withSweepOptions } from '../sweep-options.js';
import { whenLoaded } from './when-loaded.js';

export const runCommand: CommandModule<object, RunArgs> = {
  command: '$0',
  describe: 'Simulate one seeded run of the Raft KV cluster under faults and check it',
  builder: (yargs: Argv<object>) =>
    withSweepOptions(withOverrideOptions(yargs))
      .option('seed', { type: 'string', coerce: parseSeedFlag, describe: 'The run to simulate (an integer >= 0: 42, or 1e6 as in --seeds); the same seed replays the same run' })
      .option('plan', { type: 'string', describe: 'Run a saved plan (JSON, see --save-plan) instead of drawing one from --seed' })
      .option('trace', { type: 'boolean', default: false, describe: 'Print one line per trace event' })
      .option('check-determinism', { type: 'boolean', default: false, describe: 'Run twice and compare the traces (exit 5 on a difference)' })
      .option('save-plan', { type: 'string', describe: 'Write the executed plan (JSON) to this file' })
      .option('save-history', { type: 'string', describe: 'Write the recorded history (raft-check/history@1 JSON) to this file' })
      .option('report', { type: 'string', describe: 'Write a self-contained HTML report of the run (timeline, messages, history, verdict)' })
      .option('system', { type: 'string', describe: 'Test your own implementation: an ESM module exporting a NodeFactory as `factory`, or exec:\'CMD ARGS\' to run each node as a subprocess speaking the step protocol (docs/protocol.md)' })
      .example('raft-check --seed 42', 'run seed 42')
      .example('raft-check --seed 42 --nodes 5 --trace', 'seed 42 on five nodes, printing every event')
      .example('raft-check --seed 7 --check-determinism', 'verify that seed 7 replays identically')
      .example('raft-check --seeds 1..10000', 'sweep ten thousand seeds on all cores')
      .example('raft-check --seeds 1..10000 --shard 3/8 --junit out.xml', 'the third of eight CI shards of that sweep')
      .example('raft-check --time-limit 10m', 'run seeds 1, 2, 3, ... for ten minutes, then summarize')
      .epilog(
        `${EXIT_CODE_LINES.run}\n` +
          'Client<->node traffic is delayed and dropped but never partitioned; peer traffic suffers every fault.',
      ) as unknown as Argv<RunArgs>,
  handler: (args) => whenLoaded(import('../run-command.js'), (command) => command.handleRun(args)),
};
