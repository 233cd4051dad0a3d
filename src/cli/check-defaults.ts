/** The input limit of `raft-check check` when --max-input-mb is not given (its own module: the flag's help shows it before the checker loads). */

export const DEFAULT_MAX_INPUT_MB = 256;
