/**
 * Goal: Jepsen histories checked with Knossos's mutex, register,
 * multi-register, set and queue models get Knossos's verdicts
 * (knossos.model in jepsen-io/knossos), a failure names the operation that
 * could not be linearized, `--model auto` picks a model only when the
 * operations leave no doubt, and bad input is one line naming the model and
 * what it knows.
 * Method: small hand-written histories in Jepsen's shape, each with the
 * reason for its verdict.
 */

import { describe, expect, it } from 'vitest';
import { HistoryInputError, checkHistory, parseHistory, parseJepsenEdn, writeJepsenEdn, type CheckResult, type JepsenEdnModel } from '@raft-check/checker';

interface Op {
  p: number;
  type: 'invoke' | 'ok' | 'fail' | 'info';
  f: string;
  value?: string;
}

const op = (p: number, type: Op['type'], f: string, value = 'nil'): Op => ({ p, type, f, value });
const edn = (ops: readonly Op[]): string => `[${ops.map((o) => `{:process ${o.p}, :type :${o.type}, :f :${o.f}, :value ${o.value}}`).join('\n ')}]`;

function check(ops: readonly Op[], model?: JepsenEdnModel | 'auto', initial?: string): CheckResult & { modelName: string } {
  const history = parseJepsenEdn(edn(ops), { model, initial });
  return { ...checkHistory(history), modelName: history.model };
}

function problem(ops: readonly Op[], model?: JepsenEdnModel | 'auto', initial?: string): string {
  try {
    parseJepsenEdn(edn(ops), { model, initial, fileName: 'h.edn' });
  } catch (error) {
    if (error instanceof HistoryInputError) return error.message;
    throw error;
  }
  throw new Error('expected bad input');
}

/** The operation the failing partition could not linearize (an index into the history's operations, :fail left out). */
const stuck = (result: CheckResult): number | null => result.partitions.find((partition) => partition.verdict === 'not linearizable')?.stuckOperation ?? null;

describe('Knossos mutex', () => {
  it('auto picks it when every operation is :acquire or :release', () => {
    expect(check([op(0, 'invoke', 'acquire'), op(0, 'ok', 'acquire')]).modelName).toBe('knossos-mutex');
  });

  it('a lock handed over while both calls overlap is linearizable', () => {
    // 1's acquire overlaps 0's release: release, then acquire.
    const result = check([
      op(0, 'invoke', 'acquire'),
      op(0, 'ok', 'acquire'),
      op(1, 'invoke', 'acquire'),
      op(0, 'invoke', 'release'),
      op(1, 'ok', 'acquire'),
      op(0, 'ok', 'release'),
    ]);
    expect(result.verdict).toBe('linearizable');
  });

  it('two holders at once are not: the second acquire is stuck ("already held")', () => {
    // 0 holds the lock from its ack until its release; 1's acquire is called
    // and answered inside that span.
    const result = check([
      op(0, 'invoke', 'acquire'),
      op(0, 'ok', 'acquire'),
      op(1, 'invoke', 'acquire'),
      op(1, 'ok', 'acquire'),
      op(0, 'invoke', 'release'),
      op(0, 'ok', 'release'),
    ]);
    expect(result.verdict).toBe('not linearizable');
    expect(stuck(result)).toBe(1);
    expect(result.summary).toMatch(/acquire\(\)/);
  });

  it('releasing a free lock is not linearizable ("not held"), whoever releases', () => {
    // Knossos's mutex has no owner: 1 may release 0's lock, but nobody may release a free one.
    expect(check([op(0, 'invoke', 'acquire'), op(0, 'ok', 'acquire'), op(1, 'invoke', 'release'), op(1, 'ok', 'release')]).verdict).toBe('linearizable');
    const result = check([op(0, 'invoke', 'release'), op(0, 'ok', 'release')]);
    expect(result.verdict).toBe('not linearizable');
    expect(stuck(result)).toBe(0);
  });

  it('drops :fail and leaves :info open', () => {
    // The failed acquire did not happen; the :info release may have happened
    // before 1's acquire (it must have, for 1 to get the lock).
    const history = [
      op(0, 'invoke', 'acquire'),
      op(0, 'ok', 'acquire'),
      op(2, 'invoke', 'acquire'),
      op(2, 'fail', 'acquire'),
      op(0, 'invoke', 'release'),
      op(0, 'info', 'release'),
      op(1, 'invoke', 'acquire'),
      op(1, 'ok', 'acquire'),
    ];
    const parsed = parseJepsenEdn(edn(history));
    expect(parsed.operations).toHaveLength(3);
    expect(parsed.operations[1]!.return).toBeNull();
    expect(checkHistory(parsed).verdict).toBe('linearizable');
    // Without the :info release, 1 could not have acquired.
    expect(check(history.filter((o) => o.f !== 'release')).verdict).toBe('not linearizable');
  });

  it('an unanswered acquire on a held lock may simply not have happened', () => {
    const result = check([op(0, 'invoke', 'acquire'), op(0, 'ok', 'acquire'), op(1, 'invoke', 'acquire'), op(0, 'invoke', 'release'), op(0, 'ok', 'release')]);
    expect(result.verdict).toBe('linearizable');
  });

  it('refuses other operations and an initial value in one line', () => {
    expect(problem([op(0, 'invoke', 'read')], 'mutex')).toBe('h.edn: operation 0: :invoke :read nil: knossos-mutex knows :acquire and :release');
    expect(problem([op(0, 'invoke', 'acquire')], 'auto', 'true')).toMatch(/--initial: Knossos's \(mutex\) has no initial value \(it starts free\)/);
    // A mix of lock and register operations is no model's: auto keeps the cas-register and says what else there is.
    expect(problem([op(0, 'invoke', 'acquire'), op(1, 'invoke', 'read')])).toMatch(/knossos-cas-register knows :read, :write and :cas .*--model register, mutex, multi-register/);
  });

  it('is refused by --export-edn with the models it can write', () => {
    const history = parseJepsenEdn(edn([op(0, 'invoke', 'acquire'), op(0, 'ok', 'acquire')]));
    expect(() => writeJepsenEdn(history, 'lock.edn')).toThrow(/model knossos-mutex cannot be written as Jepsen EDN/);
  });

  it('reads history.txt the same way', () => {
    const text = ['0\t:invoke\t:acquire\tnil', '0\t:ok\t:acquire\tnil', '1\t:invoke\t:acquire\tnil', '1\t:ok\t:acquire\tnil'].join('\n');
    const history = parseHistory(text, { format: 'jepsen-txt' });
    expect(history.model).toBe('knossos-mutex');
    expect(checkHistory(history).verdict).toBe('not linearizable');
  });
});

describe('Knossos register', () => {
  it('is never auto: read/write histories keep the cas-register, whose reads and writes are the same', () => {
    expect(check([op(0, 'invoke', 'write', '1'), op(0, 'ok', 'write', '1')]).modelName).toBe('knossos-cas-register(nil)');
  });

  it('starts at --initial (nil by default) and a read of nil matches anything', () => {
    // Read 0 before any write: only right when the register starts at 0.
    const history = [op(0, 'invoke', 'read'), op(0, 'ok', 'read', '0')];
    expect(check(history, 'register', '0')).toMatchObject({ verdict: 'linearizable', modelName: 'knossos-register(0)' });
    expect(check(history, 'register')).toMatchObject({ verdict: 'not linearizable', modelName: 'knossos-register(nil)' });
    expect(check([op(0, 'invoke', 'read'), op(0, 'ok', 'read', 'nil')], 'register', '5').verdict).toBe('linearizable');
  });

  it('a stale read after a completed write is not linearizable, and the read is named', () => {
    // write 2 completes before the read of 1 starts: the read must see 2.
    const result = check(
      [op(0, 'invoke', 'write', '1'), op(0, 'ok', 'write', '1'), op(1, 'invoke', 'write', '2'), op(1, 'ok', 'write', '2'), op(0, 'invoke', 'read'), op(0, 'ok', 'read', '1')],
      'register',
    );
    expect(result.verdict).toBe('not linearizable');
    expect(stuck(result)).toBe(2);
  });

  it('knows no :cas (Knossos\'s Register throws on one)', () => {
    expect(problem([op(0, 'invoke', 'cas', '[1 2]')], 'register')).toMatch(/knossos-register knows :read and :write \(it has no :cas: for compare-and-set, use --model cas-register\)/);
  });
});

describe('Knossos multi-register', () => {
  it('auto picks it when every operation is a :txn, starting from {} or --initial', () => {
    const history = [op(0, 'invoke', 'txn', '[[:read :x nil]]'), op(0, 'ok', 'txn', '[[:read :x 1]]')];
    expect(check(history)).toMatchObject({ modelName: 'knossos-multi-register({})', verdict: 'not linearizable' });
    expect(check(history, 'auto', '{:x 1}')).toMatchObject({ modelName: 'knossos-multi-register({:x 1})', verdict: 'linearizable' });
  });

  it('applies a transaction\'s micro-operations in order: a read after its own write sees it', () => {
    const history = [op(0, 'invoke', 'txn', '[[:write :x 1] [:read :x nil]]'), op(0, 'ok', 'txn', '[[:write :x 1] [:read :x 1]]')];
    expect(check(history).verdict).toBe('linearizable');
  });

  it('a transaction is atomic: a read cannot see half of another (the reader is stuck)', () => {
    // From x=0, y=0, 0 writes x=1 and y=1 in one transaction, concurrent
    // with 1's reads. Before it 1 would read 0 and 0, after it 1 and 1;
    // x=1 with y=0 is half of it.
    const history = (y: string): Op[] => [
      op(0, 'invoke', 'txn', '[[:write :x 1] [:write :y 1]]'),
      op(1, 'invoke', 'txn', '[[:read :x nil] [:read :y nil]]'),
      op(1, 'ok', 'txn', `[[:read :x 1] [:read :y ${y}]]`),
      op(0, 'ok', 'txn', '[[:write :x 1] [:write :y 1]]'),
    ];
    expect(check(history('1'), 'multi-register', '{:x 0, :y 0}').verdict).toBe('linearizable');
    const result = check(history('0'), 'multi-register', '{:x 0, :y 0}');
    expect(result.verdict).toBe('not linearizable');
    expect(stuck(result)).toBe(1);
  });

  it('splits transactions on disjoint keys into independent parts', () => {
    const result = check([
      op(0, 'invoke', 'txn', '[[:write :x 1]]'),
      op(0, 'ok', 'txn', '[[:write :x 1]]'),
      op(1, 'invoke', 'txn', '[[:write :y 1] [:write :z 1]]'),
      op(1, 'ok', 'txn', '[[:write :y 1] [:write :z 1]]'),
      op(2, 'invoke', 'txn', '[[:read :z nil]]'),
      op(2, 'ok', 'txn', '[[:read :z 1]]'),
    ]);
    expect(result.verdict).toBe('linearizable');
    expect(result.partitions.map((partition) => partition.name)).toEqual(['key :x', 'keys :y, :z']);
  });

  it('refuses Elle\'s micro-operations, a completion that changes the writes, and a bad initial map', () => {
    expect(problem([op(0, 'invoke', 'txn', '[[:r :x nil]]')])).toMatch(/a knossos-multi-register :txn is a vector of \[:read k v\] and \[:write k v\] \(Elle's :r, :w and :append/);
    expect(problem([op(0, 'invoke', 'txn', '[[:write :x 1]]'), op(0, 'ok', 'txn', '[[:write :x 2]]')])).toMatch(/an :ok :txn must repeat its invoke's micro-operations and writes/);
    expect(problem([op(0, 'invoke', 'txn', '[[:write :x 1]]')], 'multi-register', '[1 2]')).toBe('h.edn: the initial value is not one EDN map of keys to values (e.g. {:x 0}): [1 2] is not a map');
    expect(problem([op(0, 'invoke', 'read')], 'multi-register')).toMatch(/knossos-multi-register knows :txn$/);
  });
});

describe('Knossos set', () => {
  it('is never auto (Jepsen\'s set checker reads :add/:read too, and is not linearizability)', () => {
    expect(problem([op(0, 'invoke', 'add', '1')])).toMatch(/knossos-cas-register knows :read, :write and :cas .*set/);
  });

  it('a read must return exactly the set', () => {
    // The add of 2 is concurrent with the read: the read may or may not see it.
    const history = (read: string): Op[] => [
      op(0, 'invoke', 'add', '1'),
      op(0, 'ok', 'add', '1'),
      op(1, 'invoke', 'add', '2'),
      op(0, 'invoke', 'read'),
      op(0, 'ok', 'read', read),
      op(1, 'ok', 'add', '2'),
    ];
    expect(check(history('#{1}'), 'set').verdict).toBe('linearizable');
    expect(check(history('#{2 1}'), 'set').verdict).toBe('linearizable');
    // 1 was added before the read began: a read without it is stuck.
    const result = check(history('#{2}'), 'set');
    expect(result.verdict).toBe('not linearizable');
    expect(stuck(result)).toBe(2);
  });

  it('refuses a read that is not a set (Knossos would compare it with = and never match)', () => {
    expect(problem([op(0, 'invoke', 'read'), op(0, 'ok', 'read', '[1]')], 'set')).toMatch(/a knossos-set :read must return a set #\{\.\.\.\}/);
  });
});

describe('Knossos queues', () => {
  const twoThenDequeue = (first: string, second: string): Op[] => [
    op(0, 'invoke', 'enqueue', '1'),
    op(0, 'ok', 'enqueue', '1'),
    op(0, 'invoke', 'enqueue', '2'),
    op(0, 'ok', 'enqueue', '2'),
    op(1, 'invoke', 'dequeue'),
    op(1, 'ok', 'dequeue', first),
    op(1, 'invoke', 'dequeue'),
    op(1, 'ok', 'dequeue', second),
  ];

  it('are never auto: FIFO or unordered is the user\'s claim', () => {
    expect(problem(twoThenDequeue('1', '2'))).toMatch(/unordered-queue, fifo-queue/);
  });

  it('fifo-queue dequeues in order; unordered-queue in any order', () => {
    expect(check(twoThenDequeue('1', '2'), 'fifo-queue').verdict).toBe('linearizable');
    // 1 was enqueued, and acknowledged, before 2: dequeuing 2 first is not FIFO.
    const result = check(twoThenDequeue('2', '1'), 'fifo-queue');
    expect(result).toMatchObject({ verdict: 'not linearizable', modelName: 'knossos-fifo-queue' });
    expect(stuck(result)).toBe(2);
    expect(check(twoThenDequeue('2', '1'), 'unordered-queue').verdict).toBe('linearizable');
  });

  it('a value is dequeued at most as often as it was enqueued', () => {
    const result = check(twoThenDequeue('1', '1'), 'unordered-queue');
    expect(result.verdict).toBe('not linearizable');
    expect(stuck(result)).toBe(3);
  });

  it('a dequeue from an empty queue answered nil is not linearizable (Jepsen records it as :fail, which is dropped)', () => {
    expect(check([op(0, 'invoke', 'dequeue'), op(0, 'ok', 'dequeue', 'nil')], 'fifo-queue').verdict).toBe('not linearizable');
    expect(check([op(0, 'invoke', 'dequeue'), op(0, 'fail', 'dequeue')], 'fifo-queue').verdict).toBe('linearizable');
  });

  it('an :info enqueue may have happened: a later dequeue may return it', () => {
    const history = [op(0, 'invoke', 'enqueue', '3'), op(0, 'info', 'enqueue', '3'), op(1, 'invoke', 'dequeue'), op(1, 'ok', 'dequeue', '3')];
    expect(check(history, 'fifo-queue').verdict).toBe('linearizable');
  });

  it('refuse other operations', () => {
    expect(problem([op(0, 'invoke', 'read')], 'fifo-queue')).toBe('h.edn: operation 0: :invoke :read nil: knossos-fifo-queue knows :enqueue and :dequeue');
  });
});

describe('Knossos models in history@1 files', () => {
  it('validate their operations by name', () => {
    const file = (model: string, input: unknown, output: unknown): string =>
      JSON.stringify({ format: 'raft-check/history@1', model, operations: [{ client: 0, call: 0, return: 1, input, output }] });
    expect(checkHistory(parseHistory(file('knossos-mutex', { op: 'release' }, {}))).verdict).toBe('not linearizable');
    expect(() => parseHistory(file('knossos-mutex', { op: 'lock' }, {}))).toThrow(/unknown knossos-mutex op "lock" \(expected acquire or release\)/);
    expect(checkHistory(parseHistory(file('knossos-multi-register({:x 1})', { txn: [{ f: 'read', key: ':x', value: 'nil' }] }, { reads: ['1'] }))).verdict).toBe('linearizable');
  });
});
