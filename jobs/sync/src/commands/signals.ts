import { t } from '../messages.ts';

/**
 * The first Ctrl-C (or SIGTERM) asks a run to stop after the requests in flight, saving its
 * checkpoint; a second one exits at once (the last checkpoint written still holds).
 */
export function stopSignal(log: (message: string) => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    log(`${name}: ${t().interruptedOnce}`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
