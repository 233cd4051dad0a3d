/**
 * The base of every error that is the user's input rather than a bug: a bad
 * flag or file, a bad --system module, a file that may not be overwritten or
 * cannot be written. The command line reports these in one line with exit 2
 * (src/cli/usage-error.ts). One base class, rather than a list of classes the
 * command line imports, lets it tell them apart without loading the modules
 * that throw them (each command loads only what it runs).
 */

export class UserInputError extends Error {}
