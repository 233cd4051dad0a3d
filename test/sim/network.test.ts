/**
 * The network model: delays have a floor and a long tail (so messages
 * reorder), drop and duplicate rates are honoured, and each partition kind
 * cuts exactly the links it should.
 */

import { describe, expect, it } from 'vitest';
import { Network, describePartition, validatePartition, type Partition } from '../../src/sim/network.js';
import { RandomStream } from '../../src/sim/random.js';

const ids = [1, 2, 3];
const delay = { minMs: 2, meanMs: 3, tailRate: 0.1, tailMaxMs: 200 };

function network(drop: number, duplicate: number, seed = 1): Network {
  return new Network(ids, delay, { drop, duplicate }, new RandomStream(seed, 'network'));
}

function cutLinks(partition: Partition | null): string[] {
  const net = network(0, 0);
  net.setPartition(partition);
  const cut: string[] = [];
  for (const from of ids) for (const to of ids) if (from !== to && net.isCut(from, to)) cut.push(`${from}>${to}`);
  return cut;
}

describe('Network', () => {
  it('delays every message by at least the minimum, with a tail long enough to reorder heartbeats', () => {
    const net = network(0, 0);
    const delays = Array.from({ length: 5000 }, () => net.peerDelays()).flat();
    expect(delays).toHaveLength(5000);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...delays)).toBeGreaterThan(100);
    expect(delays.filter((d) => d > 50).length).toBeGreaterThan(100);
  });

  it('drops and duplicates at about the configured rates', () => {
    const net = network(0.2, 0.1);
    let dropped = 0;
    let duplicated = 0;
    for (let i = 0; i < 10_000; i++) {
      const copies = net.peerDelays().length;
      if (copies === 0) dropped++;
      if (copies === 2) duplicated++;
    }
    expect(dropped / 10_000).toBeCloseTo(0.2, 1);
    expect(duplicated / 8000).toBeCloseTo(0.1, 1);
  });

  it('never duplicates client traffic, and stopLoss ends drops', () => {
    const net = network(0.5, 0.5);
    const client = Array.from({ length: 1000 }, () => net.clientDelay());
    expect(client.filter((d) => d === null).length).toBeGreaterThan(300);
    net.stopLoss();
    for (let i = 0; i < 1000; i++) {
      expect(net.peerDelays()).toHaveLength(1);
      expect(net.clientDelay()).not.toBeNull();
    }
  });

  it('lets a burst override the rates until cleared', () => {
    const net = network(0, 0);
    net.setBurst({ drop: 1, duplicate: 0 });
    expect(net.peerDelays()).toEqual([]);
    net.setBurst(null);
    expect(net.peerDelays()).toHaveLength(1);
  });

  it('cuts the right links for each partition kind', () => {
    expect(cutLinks(null)).toEqual([]);
    expect(cutLinks({ kind: 'symmetric', sides: [[1], [2, 3]] })).toEqual(['1>2', '1>3', '2>1', '3>1']);
    expect(cutLinks({ kind: 'one-way', from: [1], to: [2, 3] })).toEqual(['1>2', '1>3']);
    // The bridge (n2) talks to both sides; n1 and n3 cannot talk to each other.
    expect(cutLinks({ kind: 'bridge', sides: [[1], [3]], bridge: 2 })).toEqual(['1>3', '3>1']);
  });

  it('heals by replacing the partition', () => {
    const net = network(0, 0);
    net.setPartition({ kind: 'symmetric', sides: [[1], [2, 3]] });
    expect(net.isCut(2, 1)).toBe(true);
    net.setPartition(null);
    expect(net.isCut(2, 1)).toBe(false);
  });

  it('keeps a severed node cut off from every peer while partitions come and go, until it reconnects', () => {
    const net = network(0, 0);
    net.sever(1);
    net.setPartition({ kind: 'symmetric', sides: [[1, 2], [3]] });
    expect([net.isCut(1, 2), net.isCut(2, 1), net.isCut(2, 3), net.isSevered(1)]).toEqual([true, true, true, true]);
    net.setPartition(null);
    expect([net.isCut(1, 3), net.isCut(3, 1), net.isCut(2, 3)]).toEqual([true, true, false]);
    net.reconnect(1);
    expect([net.isCut(1, 3), net.isSevered(1)]).toEqual([false, false]);
    net.sever(2);
    net.reconnectAll();
    expect(net.isCut(2, 3)).toBe(false);
  });

  it('rejects malformed partitions and describes good ones', () => {
    expect(() => validatePartition({ kind: 'symmetric', sides: [[1], [1, 2]] }, ids)).toThrow(/overlap/);
    expect(() => validatePartition({ kind: 'one-way', from: [], to: [1] }, ids)).toThrow(/empty/);
    expect(() => validatePartition({ kind: 'bridge', sides: [[1], [3]], bridge: 3 }, ids)).toThrow(/bridge/);
    expect(() => validatePartition({ kind: 'symmetric', sides: [[1], [9]] }, ids)).toThrow(/unknown/);
    expect(describePartition({ kind: 'symmetric', sides: [[1], [2, 3]] })).toBe('{n1} | {n2,n3}');
    expect(describePartition({ kind: 'one-way', from: [1], to: [2] })).toBe('{n1} -/-> {n2}');
    expect(describePartition({ kind: 'bridge', sides: [[1], [3]], bridge: 2 })).toBe('{n1} | {n3} bridged by n2');
  });
});
