/** The kv model of history-format.md, applied to a map. Absent and "" are the same value, so "" is stored as absence. */

import type { KvInput, KvOutput } from '@raft-check/checker';
import { unreachable } from '../util/assert.js';

export function applyKvOperation(data: Map<string, string>, op: KvInput): KvOutput {
  switch (op.op) {
    case 'get':
      return { value: data.get(op.key) ?? '' };
    case 'put':
      setValue(data, op.key, op.value);
      return {};
    case 'append':
      setValue(data, op.key, (data.get(op.key) ?? '') + op.value);
      return {};
    case 'delete':
      data.delete(op.key);
      return {};
    case 'cas': {
      const matches = (data.get(op.key) ?? '') === op.expect;
      if (matches) setValue(data, op.key, op.value);
      return { ok: matches };
    }
    default:
      return unreachable(op);
  }
}

function setValue(data: Map<string, string>, key: string, value: string): void {
  if (value === '') data.delete(key);
  else data.set(key, value);
}
