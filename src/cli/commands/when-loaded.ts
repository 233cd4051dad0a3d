/**
 * A command's handler, run from its module once that is loaded. Every
 * `raft-check` start declares all commands (their flags and help) but loads
 * the code of only the one it runs: the simulator, the checker, the report
 * page and the sweep machinery each cost a spawn tenths of a second. A throw
 * or a rejection reaches main's handlers (unhandledRejection) and exits the
 * same way as a throw in a handler did.
 */

/** The work of the command started last; a process simply exits when it is done. */
let lastCommand: Promise<unknown> = Promise.resolve();

/** `run` returns the command's remaining work (a promise) when it goes on after returning. */
export function whenLoaded<Module>(module: Promise<Module>, run: (loaded: Module) => unknown): void {
  lastCommand = module.then(run);
}

/**
 * Settles when the command started last has done all its work, and rejects
 * with what it threw. For running the CLI in-process (the tests): awaiting it
 * right after the parse also keeps a failure from being an unhandled rejection.
 */
export function lastCommandDone(): Promise<unknown> {
  return lastCommand;
}
