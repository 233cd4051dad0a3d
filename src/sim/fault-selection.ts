/**
 * `--faults`: choosing the fault kinds and their rates instead of the
 * per-seed draw, in the spirit of Jepsen's `--nemesis`:
 *
 *     --faults crash,partition=one-way,drop=0.05,dup,pause,torn
 *
 * A kind that is named is on, with the given value or, without one, the
 * value the seed draws for it (from the ranges of the `brutal` profile, where
 * every kind is on); a kind that is not named is off. `none` turns every
 * fault off. The canonical spelling (kinds in the order of FAULT_KINDS) is
 * recorded in the run's config (`faults.selection`), so it is part of the
 * fingerprint's config hash and of failure files.
 */

import type { FaultMix, FaultProfile, PartitionKind } from './config.js';

interface KindSpec {
  readonly meaning: string;
  /** What a value may be; null: the kind takes no value. */
  readonly value: 'probability' | 'gap-ms' | 'partition-kind' | null;
}

export const FAULT_KINDS = {
  crash: { meaning: 'crashes and restarts (=MS: mean time between crashes)', value: 'gap-ms' },
  torn: { meaning: 'a crash keeps a torn prefix of unsynced writes (=P: probability per file)', value: 'probability' },
  partition: { meaning: 'network partitions (=symmetric|one-way|bridge: only that kind)', value: 'partition-kind' },
  drop: { meaning: 'message loss (=P: probability per message)', value: 'probability' },
  dup: { meaning: 'duplicated messages (=P: probability per message)', value: 'probability' },
  delay: { meaning: 'a long delay tail (=P: share of messages in the tail)', value: 'probability' },
  burst: { meaning: 'bursts of heavy drop and duplication (=MS: mean time between bursts)', value: 'gap-ms' },
  pause: { meaning: 'process pauses (=MS: mean time between pauses)', value: 'gap-ms' },
  reconfig: { meaning: 'nodes added and removed by an operator (=P: probability per seed)', value: 'probability' },
  transfer: { meaning: 'an operator hands leadership to another node (=P: probability per seed)', value: 'probability' },
  storage: { meaning: 'storage faults on a minority of nodes: bit rot, misdirected and lost writes, latent read errors (=P: share of their crashes that bring one)', value: 'probability' },
} as const satisfies Record<string, KindSpec>;

export type FaultKind = keyof typeof FAULT_KINDS;

const KIND_NAMES = Object.keys(FAULT_KINDS) as FaultKind[];
const PARTITION_KINDS: readonly PartitionKind[] = ['symmetric', 'one-way', 'bridge'];

/** With --faults, the per-seed rates are drawn from this profile's ranges, where every kind is on. */
export const SELECTION_DRAW_PROFILE: FaultProfile = 'brutal';

export class FaultSelectionError extends Error {
  override readonly name = 'FaultSelectionError';
}

/** kind -> its value (undefined: drawn). */
export type FaultSelection = ReadonlyMap<FaultKind, string | undefined>;

function validKinds(): string {
  return `${KIND_NAMES.join(', ')} (or none)`;
}

/** Parses `--faults`; throws FaultSelectionError with a one-line message on anything unknown. */
export function parseFaultSelection(spec: string): FaultSelection {
  const selection = new Map<FaultKind, string | undefined>();
  const items = spec.split(',').map((item) => item.trim());
  if (items.length === 1 && items[0] === 'none') return selection;
  for (const item of items) {
    if (item === '') throw new FaultSelectionError(`--faults has an empty item in "${spec}"; valid kinds: ${validKinds()}`);
    const [name = '', value, ...extra] = item.split('=');
    if (!(KIND_NAMES as string[]).includes(name)) throw new FaultSelectionError(`--faults: unknown fault kind "${name}"; valid kinds: ${validKinds()}`);
    const kind = name as FaultKind;
    if (selection.has(kind)) throw new FaultSelectionError(`--faults names ${kind} twice`);
    if (extra.length > 0) throw new FaultSelectionError(`--faults: "${item}" has more than one "="`);
    if (value !== undefined) checkValue(kind, value);
    selection.set(kind, value);
  }
  return selection;
}

function checkValue(kind: FaultKind, value: string): void {
  const spec: KindSpec = FAULT_KINDS[kind];
  const number = Number(value);
  switch (spec.value) {
    case null:
      throw new FaultSelectionError(`--faults: ${kind} takes no value`);
    case 'probability':
      if (value === '' || !Number.isFinite(number) || number < 0 || number > 1) throw new FaultSelectionError(`--faults: ${kind}=${value} must be a probability in [0, 1]`);
      return;
    case 'gap-ms':
      if (!Number.isSafeInteger(number) || number < 1) throw new FaultSelectionError(`--faults: ${kind}=${value} must be a mean gap in ms, an integer >= 1`);
      return;
    case 'partition-kind':
      if (!(PARTITION_KINDS as readonly string[]).includes(value)) throw new FaultSelectionError(`--faults: partition=${value} must be one of ${PARTITION_KINDS.join(', ')}`);
      return;
  }
}

/** The canonical spelling: kinds in FAULT_KINDS order, numbers as JavaScript prints them. */
export function formatFaultSelection(selection: FaultSelection): string {
  const items = KIND_NAMES.filter((kind) => selection.has(kind)).map((kind) => {
    const value = selection.get(kind);
    if (value === undefined) return kind;
    return FAULT_KINDS[kind].value === 'partition-kind' ? `${kind}=${value}` : `${kind}=${Number(value)}`;
  });
  return items.length === 0 ? 'none' : items.join(',');
}

/** Parses and re-spells a `--faults` value (for the command line and the config). */
export function normalizeFaultSelection(spec: string): string {
  return formatFaultSelection(parseFaultSelection(spec));
}

/**
 * The mix a run gets: `drawn` (drawn with SELECTION_DRAW_PROFILE) with every
 * kind that is not selected switched off, and every given value put in.
 */
export function applyFaultSelection(drawn: FaultMix, spec: string): FaultMix {
  const selection = parseFaultSelection(spec);
  const on = (kind: FaultKind): boolean => selection.has(kind);
  const value = (kind: FaultKind): number | undefined => {
    const given = selection.get(kind);
    return given === undefined ? undefined : Number(given);
  };
  const partitionKind = selection.get('partition');
  return {
    ...drawn,
    selection: formatFaultSelection(selection),
    dropRate: on('drop') ? (value('drop') ?? drawn.dropRate) : 0,
    duplicateRate: on('dup') ? (value('dup') ?? drawn.duplicateRate) : 0,
    delay: { ...drawn.delay, tailRate: on('delay') ? (value('delay') ?? drawn.delay.tailRate) : 0 },
    partitionGapMs: on('partition') ? drawn.partitionGapMs : 0,
    partitionKinds:
      partitionKind === undefined
        ? drawn.partitionKinds
        : { symmetric: 0, 'one-way': 0, bridge: 0, [partitionKind]: drawn.partitionKinds[partitionKind as PartitionKind] },
    crashGapMs: on('crash') ? (value('crash') ?? drawn.crashGapMs) : 0,
    tornWriteRate: on('torn') ? (value('torn') ?? drawn.tornWriteRate) : 0,
    burstGapMs: on('burst') ? (value('burst') ?? drawn.burstGapMs) : 0,
    pauseGapMs: on('pause') ? (value('pause') ?? drawn.pauseGapMs) : 0,
    reconfigRate: on('reconfig') ? (value('reconfig') ?? drawn.reconfigRate) : 0,
    transferRate: on('transfer') ? (value('transfer') ?? drawn.transferRate) : 0,
  };
}
