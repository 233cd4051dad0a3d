/**
 * The system under test cannot be run at all: not a bug in the node's logic
 * (that is a NodeFault, a failure the simulator reports and shrinks), but a
 * broken contract, e.g. an exec node that prints something other than a
 * protocol line, or stops answering. It ends the run (and a sweep) as an
 * internal error, exit 255, with one line that names the node.
 */
export class SystemError extends Error {
  override readonly name = 'SystemError';
}
