/**
 * The system under test cannot be run at all: its command dies or breaks the
 * protocol before it ever answered as a node (the exec declaration probe,
 * docs/protocol.md). No seed reproduces that and nothing can be shrunk: the
 * --system value is bad input, reported in one line with exit 2, as a
 * --system module that cannot be loaded is. A node that breaks the protocol
 * once it runs is a NodeFault instead: a failing run of its seed.
 */

import { UserInputError } from '../util/user-input-error.js';

export class SystemError extends UserInputError {
  override readonly name = 'SystemError';
}
