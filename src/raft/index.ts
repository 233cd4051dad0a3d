/** The Raft key/value node as the simulator sees it. */

import type { NodeFactory } from '../harness/api.js';
import { recover } from '../storage/recovery.js';
import { describeRaftMessage, raftMessagePromises, type RaftMessage } from './messages.js';
import { RaftNode } from './node.js';

export type { RaftMessage, RaftMessageKind } from './messages.js';

export const raftFactory: NodeFactory<RaftMessage> = {
  name: 'raft',
  start(options, files) {
    return new RaftNode(options, recover(files, options.bugs, options.selfChecks));
  },
  describeMessage: describeRaftMessage,
  messageKind(message) {
    return message.kind;
  },
  promises: raftMessagePromises,
  implementsFeatures: ['preVote', 'checkQuorum', 'leadershipTransfer', 'readMode'],
};
