/** `raft-check check FILE...`: its flags and help. What it does is src/cli/check-command.ts, loaded only when it runs. */

import { HISTORY_FORMATS, JEPSEN_EDN_MODELS } from '@raft-check/checker';
import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_MAX_INPUT_MB } from '../check-defaults.js';
import type { CheckArguments } from '../check-command.js';
import { whenLoaded } from './when-loaded.js';

export const checkCommand: CommandModule<object, CheckArguments> = {
  command: 'check <files..>',
  describe:
    'Check histories for linearizability (raft-check/history@1, Porcupine kv logs, Jepsen etcd logs, Jepsen history.edn and history.txt)',
  builder: (yargs: Argv) =>
    yargs
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'history files' })
      .option('format', {
        choices: ['auto', ...HISTORY_FORMATS] as const,
        default: 'auto' as const,
        describe: 'input format; auto decides by content',
      })
      .option('timeout', { type: 'number', describe: 'seconds per file, reading included; past it the verdict is unknown' })
      .option('max-steps', { type: 'number', describe: 'search steps per file; past them the verdict is unknown' })
      .option('max-input-mb', {
        type: 'number',
        default: DEFAULT_MAX_INPUT_MB,
        describe: 'refuse (exit 2) files larger than this many megabytes',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON result per line' })
      .option('html', { type: 'string', describe: 'write an HTML view of the result to this file' })
      .option('model', {
        choices: ['auto', ...JEPSEN_EDN_MODELS] as const,
        default: 'auto' as const,
        describe:
          'Jepsen history.edn/.txt: cas-register, register, mutex, multi-register, set, unordered-queue or fifo-queue (Knossos\'s models) or kv ([key value] tuples); auto: mutex when every :f is :acquire/:release, multi-register when every :f is :txn, kv when every value is a tuple, else cas-register',
      })
      .option('initial', {
        type: 'string',
        describe:
          'Jepsen history.edn/.txt: the initial value, as EDN, of cas-register or register (Knossos\'s (cas-register 0) is --initial 0; default nil) or multi-register (a map, e.g. \'{:x 0}\'; default {})',
      })
      .option('export-edn', {
        type: 'string',
        describe:
          'also write each history read as Jepsen EDN to this file (with several files: OUT.<name>.edn); never overwrites other content',
      }) as unknown as Argv<CheckArguments>,
  handler: (args) => whenLoaded(import('../check-command.js'), (command) => command.handleCheck(args)),
};
