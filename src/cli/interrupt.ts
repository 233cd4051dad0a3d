/**
 * Ctrl-C on long work (a sweep, `power`, `shrink`): the first one asks the
 * command to stop at the next safe point and still write what it has; a
 * second one quits at once. Killing the process on the first signal lost an
 * hour's sweep summary, a half-measured power table or a shrink's best plan.
 */

/** 128 + SIGINT: what a shell reports for a process that Ctrl-C stopped. */
export const EXIT_INTERRUPTED = 130;

export interface InterruptWatch {
  readonly interrupted: () => boolean;
  readonly stop: () => void;
}

/**
 * `finishing`: what the command does before it stops, e.g. "finishing the
 * seeds in flight, then summarizing"; `onInterrupt` starts that at once.
 */
export function watchInterrupt(finishing: string, onInterrupt?: () => void): InterruptWatch {
  let interrupted = false;
  const onSignal = (): void => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    process.stderr.write(`\nraft-check: interrupted: ${finishing} (Ctrl-C again quits at once)\n`);
    onInterrupt?.();
  };
  process.on('SIGINT', onSignal);
  return { interrupted: () => interrupted, stop: () => void process.off('SIGINT', onSignal) };
}
