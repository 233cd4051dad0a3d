/**
 * Storage faults beyond crashes (issue 14): what real disks do besides losing
 * unsynced bytes (Alagappan et al., FAST 2018; TigerBeetle's simulator).
 *
 * - bit-flip: one bit of synced data at rest changes (bit rot, firmware bugs);
 * - garbage: a block of synced data at rest reads back as other bytes;
 * - misdirected: a block written to the wrong place: a copy of a block of one
 *   of the node's files lands over another offset (of the same or another file);
 * - lost-write: the node's next fsync of its largest file reports success, but
 *   what it made durable is gone (zeros) after the next crash ("fsyncgate");
 * - read-error: a latent sector error: a region reads as zeros at the next
 *   restart only; the bytes at rest are intact.
 *
 * Where a fault lands is a position over all the node's durable files (in name
 * order, as if laid end to end), so bit rot hits files in proportion to their
 * size and the simulator needs no knowledge of the system's file names.
 *
 * The fault budget, the standard assumption under which consensus can stay
 * correct: storage faults only ever hit a fixed minority of the nodes of a
 * seed (its "damaged set", at most (n-1)/2 nodes), so every entry, committed
 * or acknowledged, keeps intact copies on a majority; no protocol could keep
 * an entry damaged on a majority, and the simulator never asks it to. The
 * set is drawn against the initial cluster; membership changes can shrink a
 * configuration under it, so at run time the simulator also skips a strike,
 * or a planned removal, that would leave the struck nodes no minority of a
 * configuration the cluster can still reach (StorageDamage.everStruck,
 * ClusterMembership.reachableVoterSets).
 *
 * Drawn from a stream of its own ('storage-faults'), after the rest of the
 * plan, placed around the victims' crashes so that a restart finds them.
 */

import type { NodeId } from '../harness/api.js';
import { assert, unreachable } from '../util/assert.js';
import { declareMarks, mark } from '../util/marks.js';
import type { Disk } from './disk.js';
import { parseFaultSelection } from './fault-selection.js';
import type { RunConfig } from './config.js';
import type { RandomStream } from './random.js';

declareMarks({
  'sim.storage-bit-flip': 'a bit of synced data flipped at rest',
  'sim.storage-garbage': 'a block of synced data was overwritten by garbage at rest',
  'sim.storage-misdirected': 'a block of a node\'s data landed at the wrong offset or in the wrong file',
  'sim.storage-lost-write': 'an fsync reported success but its data was gone after the next crash',
  'sim.storage-read-error': 'a region read as zeros at a restart (latent sector error)',
});

/** Positions over the node's files laid end to end, as a fraction in millionths. */
export const WHERE_SCALE = 1_000_000;

export type StorageFault =
  | { kind: 'bit-flip'; where: number; bit: number }
  | { kind: 'garbage'; where: number; length: number; fill: number }
  | { kind: 'misdirected'; where: number; from: number; length: number }
  | { kind: 'lost-write' }
  | { kind: 'read-error'; where: number; length: number };

export type StorageFaultKind = StorageFault['kind'];

/** A storage fault of a plan: it strikes `node`'s disk at `at`. */
export interface StorageFaultEvent {
  at: number;
  kind: 'storage';
  node: NodeId;
  fault: StorageFault;
}

/**
 * Share of the victims' crashes that bring a storage fault, unless --faults
 * says otherwise: all of them. The victims are a minority and crash no more
 * than the others, so at one half only 42% of the seeds met a storage fault,
 * most of them once, and a recovery bug had one chance in a seed to meet an
 * election while it repaired. With every crash of a damaged node striking,
 * about two thirds of the seeds meet one, often more than once (a disk that
 * rots keeps rotting), and the per-seed catch rate of the storage-trust bugs
 * rose from 14-16% to 19-20% (bench/bug-worlds.ts, seeds 301..500, then
 * with half the crashes striking in seeds with membership changes). That half
 * rate is gone: it kept removals from being vetoed by a struck node (the
 * budget below) when removed-leader-counts-itself was caught in none of seeds
 * 1..600; with today's removals (stand-ins, the leader's removal waiting for
 * the next winner: cluster-membership.ts) full strikes leave that bug at 21.6%
 * of membership seeds (held-out 301..700), while the half rate had starved the
 * storage bugs there
 * (hard-state-copy-never-read 14.0% of the other seeds, 5.5% of those).
 */
const DEFAULT_RATE = 1;

/**
 * How long before a crash a lost write may be armed. The lost fsync is the
 * node's next one after arming: armed long enough before the crash, the node
 * goes on appending (and acknowledging) after it, so the zeros lie inside the
 * log with good records behind them, as a lost write leaves them on a real
 * disk; armed just before, the crash often comes before any fsync and the
 * fault is gone unused.
 */
const LOST_WRITE_LEAD_MS = 300;

/** How long after its crash a fault at rest strikes the node that is down. */
const STRIKE_DELAY_MAX_MS = 20;

/**
 * The storage faults of a plan: for each crash of a node in the damaged set,
 * with probability `rate`, one fault while it is down (or, for a lost write,
 * armed before the crash). `crashes` are the plan's crash and restart events.
 */
export function drawStorageFaults(config: RunConfig, crashes: readonly { at: number; kind: string; node?: NodeId }[], random: RandomStream): StorageFaultEvent[] {
  const most = Math.floor((config.nodes - 1) / 2);
  const victims = most === 0 ? [] : drawDamagedSet(config, crashes, random.range(1, most), random);
  const rate = storageFaultRate(config, DEFAULT_RATE);
  const events: StorageFaultEvent[] = [];
  for (const crash of crashes) {
    if (crash.kind !== 'crash' || crash.node === undefined) continue;
    // Every draw is made whatever the outcome, so that one crash's fault never shifts another's.
    const strikes = random.chance(rate);
    const kind = random.weighted<StorageFaultKind>({ 'bit-flip': 4, garbage: 2, misdirected: 1, 'lost-write': 2, 'read-error': 1 });
    const fault = drawFault(kind, random);
    const delay = random.range(1, STRIKE_DELAY_MAX_MS);
    const lead = random.range(1, LOST_WRITE_LEAD_MS);
    if (!strikes || !victims.includes(crash.node)) continue;
    // A lost write must be armed before the crash; damage at rest comes while the node is down.
    const at = kind === 'lost-write' ? Math.max(0, crash.at - lead) : crash.at + delay;
    if (at < config.safetyMs) events.push({ at, kind: 'storage', node: crash.node, fault });
  }
  return events;
}

/**
 * The seed's damaged set, `size` nodes, drawn first among the nodes the plan
 * crashes: a storage fault strikes only at a crash and matters only at the
 * restart that reads it, so a damaged set drawn among all nodes often held
 * none that crashed in time, and the seed met no storage fault at all. The
 * budget is the same: at most (n-1)/2 nodes, chosen before any strike.
 */
function drawDamagedSet(config: RunConfig, crashes: readonly { at: number; kind: string; node?: NodeId }[], size: number, random: RandomStream): NodeId[] {
  const nodes = Array.from({ length: config.nodes }, (_, k) => k + 1);
  const strikable = (id: NodeId): boolean => crashes.some((crash) => crash.kind === 'crash' && crash.node === id && crash.at + STRIKE_DELAY_MAX_MS < config.safetyMs);
  const crashed = nodes.filter(strikable);
  const chosen = random.subset(crashed, Math.min(size, crashed.length));
  const others = nodes.filter((id) => !crashed.includes(id));
  return [...chosen, ...random.subset(others, Math.min(size - chosen.length, others.length))];
}

function drawFault(kind: StorageFaultKind, random: RandomStream): StorageFault {
  const where = random.int(WHERE_SCALE);
  switch (kind) {
    case 'bit-flip':
      return { kind, where, bit: random.int(8) };
    case 'garbage':
      return { kind, where, length: random.range(1, 64), fill: random.int(256) };
    case 'misdirected':
      return { kind, where, from: random.int(WHERE_SCALE), length: random.range(8, 64) };
    case 'lost-write':
      return { kind };
    case 'read-error':
      return { kind, where, length: random.range(1, 512) };
    default:
      return unreachable(kind);
  }
}

/** The rate from `--faults storage[=P]` when faults are selected, else the default; none in a calm run. */
function storageFaultRate(config: RunConfig, defaultRate: number): number {
  const selection = config.faults.selection;
  if (selection !== undefined) {
    const selected = parseFaultSelection(selection);
    if (!selected.has('storage')) return 0;
    const value = selected.get('storage');
    return value === undefined ? defaultRate : Number(value);
  }
  return config.faults.crashGapMs > 0 && config.faults.profile !== 'calm' ? defaultRate : 0;
}

export function validateStorageFault(fault: StorageFault, at: number): void {
  const position = (value: number): boolean => Number.isSafeInteger(value) && value >= 0 && value < WHERE_SCALE;
  const length = (value: number): boolean => Number.isSafeInteger(value) && value >= 1 && value <= 4096;
  assert(typeof fault === 'object' && fault !== null, () => `storage fault at ${at} needs a fault`);
  switch (fault.kind) {
    case 'bit-flip':
      assert(position(fault.where) && Number.isSafeInteger(fault.bit) && fault.bit >= 0 && fault.bit < 8, () => `bit-flip at ${at}: where in [0, ${WHERE_SCALE}), bit in 0..7`);
      return;
    case 'garbage':
      assert(position(fault.where) && length(fault.length) && Number.isSafeInteger(fault.fill) && fault.fill >= 0 && fault.fill < 256, () => `garbage at ${at}: where, length 1..4096, fill 0..255`);
      return;
    case 'misdirected':
      assert(position(fault.where) && position(fault.from) && length(fault.length), () => `misdirected at ${at}: where, from, length 1..4096`);
      return;
    case 'lost-write':
      return;
    case 'read-error':
      assert(position(fault.where) && length(fault.length), () => `read-error at ${at}: where, length 1..4096`);
      return;
    default:
      unreachable(fault);
  }
}

export function describeStorageFault(fault: StorageFault): string {
  const at = (where: number): string => `${(where / (WHERE_SCALE / 100)).toFixed(1)}%`;
  switch (fault.kind) {
    case 'bit-flip':
      return `bit flip at ${at(fault.where)} of its data (bit ${fault.bit})`;
    case 'garbage':
      return `${fault.length}B of garbage at ${at(fault.where)} of its data`;
    case 'misdirected':
      return `${fault.length}B from ${at(fault.from)} misdirected to ${at(fault.where)} of its data`;
    case 'lost-write':
      return 'lost write: its next fsync succeeds but the data is gone after a crash';
    case 'read-error':
      return `latent read error of ${fault.length}B at ${at(fault.where)} of its data at the next restart`;
    default:
      return unreachable(fault);
  }
}

/** A position over the files laid end to end -> (file, offset), or null when the node has no data. */
function locate(disk: Disk, where: number): { file: string; offset: number } | null {
  const sizes = disk.durableSizes().filter((size) => size.bytes > 0);
  const total = sizes.reduce((sum, size) => sum + size.bytes, 0);
  if (total === 0) return null;
  let position = Math.floor((where * total) / WHERE_SCALE);
  for (const { file, bytes } of sizes) {
    if (position < bytes) return { file, offset: position };
    position -= bytes;
  }
  return unreachable(position as never);
}

/**
 * Applies a storage fault to a disk. Returns what it did, for the trace, or
 * null when there was nothing to damage (an empty disk).
 */
export function applyStorageFault(disk: Disk, fault: StorageFault): string | null {
  switch (fault.kind) {
    case 'bit-flip': {
      const spot = locate(disk, fault.where);
      if (spot === null) return null;
      const byte = disk.durableBytes(spot.file)![spot.offset]! ^ (1 << fault.bit);
      disk.damage(spot.file, spot.offset, Uint8Array.of(byte));
      mark('sim.storage-bit-flip');
      return `${spot.file}: bit ${fault.bit} of byte ${spot.offset} flipped`;
    }
    case 'garbage': {
      const spot = locate(disk, fault.where);
      if (spot === null) return null;
      const garbage = Uint8Array.from({ length: fault.length }, (_, k) => (fault.fill + 97 * k) & 0xff);
      disk.damage(spot.file, spot.offset, garbage);
      mark('sim.storage-garbage');
      return `${spot.file}: ${fault.length}B of garbage at ${spot.offset}`;
    }
    case 'misdirected': {
      const source = locate(disk, fault.from);
      const target = locate(disk, fault.where);
      if (source === null || target === null) return null;
      const block = disk.durableBytes(source.file)!.slice(source.offset, source.offset + fault.length);
      disk.damage(target.file, target.offset, block);
      mark('sim.storage-misdirected');
      return `${block.length}B of ${source.file} at ${source.offset} written over ${target.file} at ${target.offset}`;
    }
    case 'lost-write': {
      const sizes = disk.durableSizes();
      if (sizes.length === 0) return null;
      // The node's largest file is its log: that is where appends and fsyncs happen.
      const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
      disk.loseNextSync(largest.file);
      mark('sim.storage-lost-write');
      return `the next fsync of ${largest.file} will be a lost write`;
    }
    case 'read-error': {
      const spot = locate(disk, fault.where);
      if (spot === null) return null;
      disk.failReadsAtNextStart({ file: spot.file, from: spot.offset, to: spot.offset + fault.length });
      mark('sim.storage-read-error');
      return `${spot.file}: ${fault.length}B at ${spot.offset} unreadable at the next restart`;
    }
    default:
      return unreachable(fault);
  }
}
