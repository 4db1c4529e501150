import type { Logger } from '@edugraph/shared';

/** How often a kind still loading reports how far it is. */
export const PROGRESS_EVERY_MS = 10_000;

export interface SeedProgress {
  /** Loading `kind` begins now (its rate counts from here). */
  start(kind: string): void;
  /** `records` more records of `kind` were handled (written, unchanged or rejected). */
  add(kind: string, records: number): void;
  /** The kind is done: one last line with its total and rate. */
  finish(kind: string): void;
}

/**
 * Progress lines for a long seed (1,000,000 students write ~4.9 M records for tens of minutes):
 * per kind, done/total, the records per second since the kind started, and an estimate of the
 * time left, at most every `everyMs` while it loads and once when it is done.
 */
export function seedProgress(
  logger: Pick<Logger, 'info'>,
  totals: Readonly<Record<string, number>>,
  options: { everyMs?: number; now?: () => number } = {},
): SeedProgress {
  const everyMs = options.everyMs ?? PROGRESS_EVERY_MS;
  const now = options.now ?? (() => performance.now());
  const kinds = new Map<string, { started: number; lastLog: number; done: number }>();
  const line = (kind: string, at: number, finished: boolean) => {
    const k = kinds.get(kind)!;
    const total = totals[kind] ?? k.done;
    const ms = at - k.started;
    // A kind done within a second gets no rate: a few records over a few milliseconds say nothing.
    const perSecond = ms >= 1000 ? Math.round((k.done * 1000) / ms) : undefined;
    const fields = {
      kind,
      done: k.done,
      total,
      percent: total > 0 ? Math.floor((100 * k.done) / total) : 100,
      ...(perSecond !== undefined && { perSecond }),
      seconds: Math.round(ms / 100) / 10,
      ...(!finished && perSecond && { etaSeconds: Math.round((total - k.done) / perSecond) }),
    };
    logger.info(fields, finished ? `seed: ${kind} done` : `seed: ${kind} loading`);
    k.lastLog = at;
  };
  const entry = (kind: string) => {
    let k = kinds.get(kind);
    if (!k) kinds.set(kind, (k = { started: now(), lastLog: now(), done: 0 }));
    return k;
  };
  return {
    start(kind) {
      kinds.set(kind, { started: now(), lastLog: now(), done: 0 });
    },
    add(kind, records) {
      const k = entry(kind);
      k.done += records;
      const at = now();
      if (at - k.lastLog >= everyMs) line(kind, at, false);
    },
    finish(kind) {
      entry(kind);
      line(kind, now(), true);
    },
  };
}
