/** The corpus folder a command uses when none is named (its own module: the command line declares it before loading the corpus code). */

export const DEFAULT_CORPUS_DIR = 'histories';
