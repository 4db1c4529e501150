import { describe, expect, it } from 'vitest';
import { seedProgress } from '../src/seed/progress.ts';

/** A logger that keeps what it was given, and a clock the test moves. */
function harness() {
  const lines: { fields: Record<string, unknown>; msg: string }[] = [];
  let ms = 0;
  const progress = seedProgress(
    { info: ((fields: Record<string, unknown>, msg: string) => lines.push({ fields, msg })) as never },
    { students: 10_000, teachers: 500 },
    { now: () => ms },
  );
  return { lines, progress, advance: (by: number) => (ms += by) };
}

describe('the demo seed progress', () => {
  it('reports a kind still loading at most every 10 seconds, with done/total, rate and time left', () => {
    const { lines, progress, advance } = harness();
    progress.start('students');
    advance(2_000);
    progress.add('students', 1000);
    advance(2_000);
    progress.add('students', 1000);
    expect(lines).toEqual([]);
    advance(6_000);
    progress.add('students', 1000);
    expect(lines).toEqual([
      {
        msg: 'seed: students loading',
        fields: {
          kind: 'students',
          done: 3000,
          total: 10_000,
          percent: 30,
          perSecond: 300,
          seconds: 10,
          etaSeconds: 23,
        },
      },
    ]);
    advance(3_000);
    progress.add('students', 1000);
    expect(lines).toHaveLength(1);
  });

  it('ends each kind with one line of its total and rate, and no rate for a kind done within a second', () => {
    const { lines, progress, advance } = harness();
    progress.start('teachers');
    progress.add('teachers', 500);
    advance(2_000);
    progress.finish('teachers');
    expect(lines).toEqual([
      {
        msg: 'seed: teachers done',
        fields: { kind: 'teachers', done: 500, total: 500, percent: 100, perSecond: 250, seconds: 2 },
      },
    ]);
    progress.start('students');
    progress.add('students', 1000);
    advance(400);
    progress.finish('students');
    expect(lines[1]).toEqual({
      msg: 'seed: students done',
      fields: { kind: 'students', done: 1000, total: 10_000, percent: 10, seconds: 0.4 },
    });
  });
});
