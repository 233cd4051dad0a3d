/** `raft-check shrink`: its flags and help. What it does is src/cli/shrink-command.ts, loaded only when it runs. */

import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_CORPUS_DIR } from '../../corpus/default-corpus-dir.js';
import { parseSeedFlag, withOverrideOptions } from '../run-options.js';
import type { ShrinkArgs } from '../shrink-command.js';
import { whenLoaded } from './when-loaded.js';

export const shrinkCommand: CommandModule<object, ShrinkArgs> = {
  command: 'shrink [file]',
  describe: 'Find a smaller run (fewer operations, clients, faults, nodes, less time) that fails the same way',
  builder: (yargs: Argv<object>) =>
    withOverrideOptions(yargs)
      .positional('file', { type: 'string', describe: 'A failure file to shrink (updated in place)' })
      .option('seed', { type: 'string', coerce: parseSeedFlag, describe: 'A failing seed to shrink' })
      .option('system', { type: 'string', describe: 'The implementation to shrink on (a module or exec:CMD); a failure file brings its own' })
      .option('budget', { type: 'number', default: 60, describe: 'Wall-clock seconds to spend shrinking' })
      .option('max-runs', { type: 'number', describe: 'Stop after this many candidate runs' })
      .option('save', { type: 'string', describe: `Folder for the shrunk failure file (with --seed; default ${DEFAULT_CORPUS_DIR}/); a failure file is shrunk in place` })
      .example('raft-check shrink --seed 9 --bug stale-local-read', 'shrink a failing seed and save it to histories/')
      .example('raft-check shrink histories/seed-42.json --budget 120', 'shrink a saved failure in place') as unknown as Argv<ShrinkArgs>,
  // Errors reach main's one handler: exit 2 for bad input, 255 for anything else.
  handler: (args) => whenLoaded(import('../shrink-command.js'), (command) => command.handleShrink(args)),
};
