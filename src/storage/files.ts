/** File names on a node's disk, and the disk effects the storage layer emits. */

import type { NodeEffect } from '../harness/api.js';

export const WAL_FILE = 'raft.wal';
export const WAL_TEMP_FILE = 'raft.wal.tmp';
export const SNAPSHOT_FILE = 'raft.snapshot';
export const SNAPSHOT_TEMP_FILE = 'raft.snapshot.tmp';

export type DiskEffect = Extract<NodeEffect<never>, { kind: 'append' | 'write' | 'fsync' | 'rename' | 'delete' }>;
