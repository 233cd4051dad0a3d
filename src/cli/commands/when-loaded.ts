/**
 * A command's handler, run from its module once that is loaded. Every
 * `raft-check` start declares all commands (their flags and help) but loads
 * the code of only the one it runs: the simulator, the checker, the report
 * page and the sweep machinery each cost a spawn tenths of a second. A throw
 * or a rejection reaches main's handlers (unhandledRejection) and exits the
 * same way as a throw in a handler did.
 */

export function whenLoaded<Module>(module: Promise<Module>, run: (loaded: Module) => unknown): void {
  void module.then(run);
}
