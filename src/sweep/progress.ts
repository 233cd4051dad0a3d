/**
 * Progress of a long sweep: a live bar (seeds/s, failures so far, ETA) on an
 * interactive terminal; otherwise, for CI logs, one quiet line a minute.
 */

import cliProgress from 'cli-progress';

export interface SweepProgress {
  update(done: number, failures: number): void;
  stop(): void;
}

/** `total` is null for a time-boxed sweep, whose seed count is not known in advance. */
export function createSweepProgress(total: number | null, stream: NodeJS.WriteStream, now: () => number): SweepProgress {
  if (stream.isTTY === true) return barProgress(total, stream, now);
  return logProgress(total, stream, now);
}

function rate(done: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
}

function barProgress(total: number | null, stream: NodeJS.WriteStream, now: () => number): SweepProgress {
  const started = now();
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        total === null
          ? 'seeds {value} | {rate} seeds/s | failures {failures}'
          : 'seeds {bar} {value}/{total} | {rate} seeds/s | failures {failures} | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 200,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total ?? 0, 0, { rate: '0.0', failures: 0 });
  return {
    update(done, failures) {
      bar.update(done, { rate: rate(done, now() - started).toFixed(1), failures });
    },
    stop() {
      bar.stop();
    },
  };
}

function logProgress(total: number | null, stream: NodeJS.WriteStream, now: () => number): SweepProgress {
  const started = now();
  let lastLog = started;
  return {
    update(done, failures) {
      const at = now();
      if (at - lastLog < 60_000 || done === total) return;
      lastLog = at;
      const seedsPerSecond = rate(done, at - started);
      if (total === null) {
        stream.write(`progress: ${done} seeds, ${seedsPerSecond.toFixed(1)} seeds/s, ${failures} failures\n`);
        return;
      }
      const etaSeconds = seedsPerSecond > 0 ? Math.round((total - done) / seedsPerSecond) : 0;
      stream.write(`progress: ${done}/${total} seeds, ${seedsPerSecond.toFixed(1)} seeds/s, ${failures} failures, ETA ${etaSeconds}s\n`);
    },
    stop() {},
  };
}
