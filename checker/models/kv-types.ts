/** Inputs and outputs of the `kv` model, exactly as history-format.md defines them. */

export type KvInput =
  | { op: 'get'; key: string }
  | { op: 'put'; key: string; value: string }
  | { op: 'append'; key: string; value: string }
  | { op: 'delete'; key: string }
  | { op: 'cas'; key: string; expect: string; value: string };

/** `{value}` for get, `{ok}` for cas, `{}` for put, append and delete. */
export interface KvOutput {
  value?: string;
  ok?: boolean;
}

/** The fields of each operation's output (the same table for the checker's validation and for anyone recording a history). */
export const KV_OUTPUT_FIELDS: Readonly<Record<KvInput['op'], readonly string[]>> = {
  get: ['value'],
  put: [],
  append: [],
  delete: [],
  cas: ['ok'],
};
