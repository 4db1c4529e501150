import cliProgress from 'cli-progress';
import type { Totals } from './checkpoint.ts';

/**
 * Progress of a run: a bar with rate and ETA on a terminal (cli-progress), plain log lines
 * every few seconds otherwise (CI, cron, a log file). Progress is measured in bytes of the
 * file read (the row count is not known before the end); the rate in records per second.
 */
export interface Progress {
  start(label: string, totalBytes: number, alreadyDone: number): void;
  update(bytesRead: number, records: number, totals: Totals): void;
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

export const totalsText = (t: Totals) =>
  `created ${t.created}, updated ${t.updated}, unchanged ${t.unchanged}, rejected ${t.rejected}` +
  (t.deleted ? `, deleted ${t.deleted}` : '');

class RateMeter {
  private startedAt = Date.now();
  private base = 0;
  reset(base: number) {
    this.startedAt = Date.now();
    this.base = base;
  }
  rate(records: number): number {
    const seconds = (Date.now() - this.startedAt) / 1000;
    return seconds > 0.5 ? (records - this.base) / seconds : 0;
  }
  eta(done: number, total: number, startDone: number): number {
    const seconds = (Date.now() - this.startedAt) / 1000;
    const progressed = done - startDone;
    return progressed > 0 ? ((total - done) * seconds) / progressed : NaN;
  }
}

function barProgress(stream: NodeJS.WriteStream): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{label} [{bar}] {percentage}% | {records} records | {rate}/s | ETA {etaText} | {totals}',
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
    update(bytesRead, records, totals) {
      if (!startBytes) startBytes = bytesRead;
      bar.update(bytesRead, {
        records,
        rate: Math.round(meter.rate(records)),
        etaText: formatDuration(meter.eta(bytesRead, bar.getTotal(), startBytes)),
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
  let latest: { bytesRead: number; records: number; totals: Totals } | undefined;
  const print = () => {
    if (!latest) return;
    const pct = total ? Math.min(100, Math.floor((latest.bytesRead / total) * 100)) : 100;
    const eta = formatDuration(meter.eta(latest.bytesRead, total, startBytes));
    write(
      `${label}: ${latest.records} records (${pct}%), ${Math.round(meter.rate(latest.records))} records/s, ` +
        `ETA ${eta}; ${totalsText(latest.totals)}`,
    );
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
      write(`${label}: started${alreadyDone ? ` (resuming after ${alreadyDone} records)` : ''}`);
    },
    update(bytesRead, records, totals) {
      if (!startBytes) startBytes = bytesRead;
      latest = { bytesRead, records, totals };
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
  if (options.quiet) return { start() {}, update() {}, stop() {}, log: (m) => stream.write(m + '\n') };
  if (stream.isTTY && !options.forceLines) return barProgress(stream);
  return lineProgress(
    (line) => stream.write(`${new Date().toISOString()} ${line}\n`),
    options.everyMs ?? 5000,
  );
}
