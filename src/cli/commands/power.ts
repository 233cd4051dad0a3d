/** `raft-check power`: its flags and help. What it does is src/cli/power-command.ts, loaded only when it runs. */

import type { Argv, CommandModule } from 'yargs';
import type { PowerArgs } from '../power-command.js';
import { whenLoaded } from './when-loaded.js';

const DEFAULT_POWER_CAP = 500;
const DEFAULT_SHRINK_BUDGET_S = 5;

export const powerCommand: CommandModule<object, PowerArgs> = {
  command: 'power',
  describe: 'Measure how many seeds it takes to catch each injected bug (the power table)',
  builder: (yargs: Argv<object>) =>
    yargs
      .option('cap', { type: 'number', default: DEFAULT_POWER_CAP, describe: 'Most seeds to try per bug' })
      .option('from', { type: 'number', default: 1, describe: 'First seed of every bug\'s window (seeds from..from+cap-1): another window is another draw of the same power' })
      .option('bug', { type: 'string', array: true, describe: 'Only these bugs (repeatable; default: every catalogued bug)' })
      .option('shrink-budget', { type: 'number', default: DEFAULT_SHRINK_BUDGET_S, describe: 'Seconds of shrinking per caught bug (0: do not shrink)' })
      .option('workers', { type: 'number', describe: 'Worker threads (default: all cores)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the rows as JSON' })
      .option('self-checks', { type: 'boolean', default: true, describe: "--no-self-checks: the nodes run without their own assertions; only the simulator's oracles catch" })
      .example('raft-check power --no-self-checks', "every bug, caught by the simulator's oracles alone")
      .example('raft-check power', 'every bug, up to 500 seeds each')
      .example('raft-check power --bug stale-local-read --cap 50', 'one bug')
      .example('raft-check power --from 1001', 'the same table on seeds 1001.., to see how much of it is luck') as unknown as Argv<PowerArgs>,
  handler: (args) => whenLoaded(import('../power-command.js'), (command) => command.handlePower(args)),
};
