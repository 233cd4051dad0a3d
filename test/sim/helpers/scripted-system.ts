/**
 * Tiny hand-written systems for driver tests: nodes whose behaviour is a few
 * lines, so a test can tell exactly what the simulator must do with their
 * effects. Not Raft; n1 simply claims leadership of term 1.
 */

import type { NodeEffect, NodeFactory, NodeInput, NodeOptions, NodeView, SimNode } from '../../../src/harness/api.js';
import type { HistoryChecker, System } from '../../../src/sim/system.js';

export type Behaviour = (options: NodeOptions, input: NodeInput<number>, files: ReadonlyMap<string, Uint8Array>) => NodeEffect<number>[];

export function scriptedFactory(behaviour: Behaviour, onStart: (id: number, files: ReadonlyMap<string, Uint8Array>) => void = () => {}, leaders = [1]): NodeFactory<number> {
  return {
    name: 'scripted',
    start(options, files): SimNode<number> {
      onStart(options.id, files);
      const view: NodeView = {
        role: leaders.includes(options.id) ? 'leader' : 'follower',
        term: 1,
        commitIndex: 0,
        appliedIndex: 0,
        snapshotIndex: 0,
        lastIndex: 0,
        termAt: () => 0,
        entryDigest: () => {
          throw new Error('no entries');
        },
        stateDigest: () => 'empty',
      };
      return { step: (input) => behaviour(options, input, files), view: () => view };
    },
    describeMessage: (message) => `#${message}`,
    messageKind: () => 'Number',
  };
}

export const alwaysLinearizable: HistoryChecker = () => ({ verdict: 'linearizable' });

export function scriptedSystem(factory: NodeFactory<number>, checkHistory: HistoryChecker = alwaysLinearizable): System {
  return { factory: factory as NodeFactory<unknown>, checkHistory };
}
