/**
 * One catch-up at a time, with read-your-writes: a call made while a run is in progress waits
 * for the next run, which starts after that one has settled (the running one may have read its
 * source too early to see writes answered before the call). Calls arriving during the same run
 * share that next run; runs never overlap. Used by the in-memory replicas that follow a change
 * ring (datacenter's replica, resources' catalog index).
 */
export function catchUpGate<T>(run: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  let queued: Promise<T> | undefined;
  const call = (): Promise<T> => {
    if (!running) {
      const current: Promise<T> = run().finally(() => {
        running = undefined;
      });
      running = current;
      return current;
    }
    return (queued ??= running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        queued = undefined;
        return call();
      }));
  };
  return call;
}
