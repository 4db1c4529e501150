import { describe, expect, it } from 'vitest';
import { catchUpGate } from '../src/catchUp.ts';

/** A run that stays open until released, recording when runs start and how many overlap. */
function controlledRuns() {
  const releases: (() => void)[] = [];
  let open = 0;
  let maxOpen = 0;
  let started = 0;
  const run = () =>
    new Promise<number>((resolve, reject) => {
      const n = ++started;
      open++;
      maxOpen = Math.max(maxOpen, open);
      releases.push(() => {
        open--;
        if (n === 1 && failFirst) reject(new Error('first run failed'));
        else resolve(n);
      });
    });
  let failFirst = false;
  return {
    run,
    release: () => releases.shift()!(),
    failFirst: () => (failFirst = true),
    get started() {
      return started;
    },
    get maxOpen() {
      return maxOpen;
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('catchUpGate', () => {
  it('makes a call during a run wait for the next run, shared by all such calls, never overlapping', async () => {
    const c = controlledRuns();
    const call = catchUpGate(c.run);
    const first = call();
    const [second, third] = [call(), call()];
    await tick();
    expect(c.started).toBe(1);
    c.release();
    expect(await first).toBe(1);
    await tick();
    expect(c.started).toBe(2);
    c.release();
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    expect(c.maxOpen).toBe(1);
    const fourth = call();
    c.release();
    expect(await fourth).toBe(3);
  });

  it('still runs the next catch-up when the running one fails', async () => {
    const c = controlledRuns();
    c.failFirst();
    const call = catchUpGate(c.run);
    const first = call();
    const second = call();
    c.release();
    await expect(first).rejects.toThrow('first run failed');
    await tick();
    c.release();
    expect(await second).toBe(2);
  });
});
