import cliProgress from 'cli-progress';
import type { Totals } from './checkpoint.ts';
import { t } from './messages.ts';

/**
 * Progress of a run: a bar with rate and ETA on a terminal (cli-progress), plain log lines
 * every few seconds otherwise (CI, cron, a log file). Progress is measured in bytes of the
 * file up to the last row whose batch is done (the row count is not known before the end; the
 * bytes merely read run ahead of the hub by the batches in flight and the reader's buffers);
 * the ETA is the remaining bytes at the rate of bytes done; the rate is in records per second.
 */
export interface Progress {
  start(label: string, totalBytes: number, alreadyDone: number): void;
  /** Where in the file this run starts (after the rows a resumed run skips). */
  from(bytesDone: number): void;
  update(bytesDone: number, records: number, totals: Totals): void;
  stop(): void;
  /** A message that must not tear the bar. */
  log(message: string): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export const totalsText = (totals: Totals) => t().totals(totals);

class RateMeter {
  private startedAt = Date.now();
  private base = 0;
  reset(base: number) {
    this.startedAt = Date.now();
    this.base = base;
  }
  /** Time spent before this run's first row (a resumed run skipping rows) does not count. */
  restartClock() {
    this.startedAt = Date.now();
  }
  rate(records: number): number {
    const seconds = (Date.now() - this.startedAt) / 1000;
    return seconds > 0.5 ? (records - this.base) / seconds : 0;
  }
  /** Seconds left, from the bytes done since `fromBytes` and the time they took. */
  eta(bytesDone: number, totalBytes: number, fromBytes: number): number {
    const seconds = (Date.now() - this.startedAt) / 1000;
    const progressed = bytesDone - fromBytes;
    return progressed > 0 ? (Math.max(0, totalBytes - bytesDone) * seconds) / progressed : NaN;
  }
}

function barProgress(stream: NodeJS.WriteStream): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: t().progressBar,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const meter = new RateMeter();
  let startBytes = 0;
  let active = false;
  return {
    start(label, totalBytes, alreadyDone) {
      meter.reset(alreadyDone);
      startBytes = 0;
      active = true;
      bar.start(Math.max(totalBytes, 1), 0, {
        label,
        records: alreadyDone,
        rate: 0,
        etaText: '?',
        totals: '',
      });
    },
    from(bytes) {
      startBytes = bytes;
      meter.restartClock();
      bar.update(bytes);
    },
    update(bytesDone, records, totals) {
      bar.update(bytesDone, {
        records,
        rate: Math.round(meter.rate(records)),
        etaText: formatDuration(meter.eta(bytesDone, bar.getTotal(), startBytes)),
        totals: totalsText(totals),
      });
    },
    stop() {
      if (active) bar.stop();
      active = false;
    },
    log(message) {
      if (active) {
        stream.write('\r\x1b[K' + message + '\n');
        bar.updateETA();
      } else stream.write(message + '\n');
    },
  };
}

function lineProgress(write: (line: string) => void, everyMs: number): Progress {
  const meter = new RateMeter();
  let label = '';
  let total = 0;
  let last = 0;
  let startBytes = 0;
  let latest: { bytesDone: number; records: number; totals: Totals } | undefined;
  const print = () => {
    if (!latest) return;
    const pct = total ? Math.min(100, Math.floor((latest.bytesDone / total) * 100)) : 100;
    const eta = formatDuration(meter.eta(latest.bytesDone, total, startBytes));
    const rate = Math.round(meter.rate(latest.records));
    write(t().progressLine(label, latest.records, pct, rate, eta, totalsText(latest.totals)));
    last = Date.now();
  };
  return {
    start(l, totalBytes, alreadyDone) {
      label = l;
      total = totalBytes;
      latest = undefined;
      startBytes = 0;
      meter.reset(alreadyDone);
      last = Date.now();
      write(t().progressStarted(label, alreadyDone));
    },
    from(bytes) {
      startBytes = bytes;
      meter.restartClock();
    },
    update(bytesDone, records, totals) {
      latest = { bytesDone, records, totals };
      if (Date.now() - last >= everyMs) print();
    },
    stop() {
      print();
      latest = undefined;
    },
    log: write,
  };
}

/** A bar when `stream` is a terminal, log lines otherwise; nothing when `quiet`. */
export function createProgress(
  stream: NodeJS.WriteStream = process.stderr,
  options: { quiet?: boolean; everyMs?: number; forceLines?: boolean } = {},
): Progress {
  if (options.quiet)
    return { start() {}, from() {}, update() {}, stop() {}, log: (m) => stream.write(m + '\n') };
  if (stream.isTTY && !options.forceLines) return barProgress(stream);
  return lineProgress(
    (line) => stream.write(`${new Date().toISOString()} ${line}\n`),
    options.everyMs ?? 5000,
  );
}
