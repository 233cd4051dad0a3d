/** Storage test fixtures: the files a node leaves on disk after a writer's effects. */

import type { NodeEffect } from '../../../src/harness/api.js';
import { StorageWriter } from '../../../src/storage/storage-writer.js';
import { MemoryDisk, type DiskEffect } from '../../raft/helpers/memory-disk.js';

/** The files a node leaves after the writer's effects, all synced. */
export function durableFiles(build: (writer: StorageWriter, effects: NodeEffect<never>[]) => void): Map<string, Uint8Array> {
  const writer = new StorageWriter();
  const effects: NodeEffect<never>[] = [];
  build(writer, effects);
  const disk = new MemoryDisk();
  for (const effect of effects) disk.apply(effect as DiskEffect);
  return disk.crash();
}
