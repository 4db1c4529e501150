import { App as AntApp } from 'antd';
import { useTexts } from './i18n.ts';

/**
 * Runs what a button asks of the graph (a mutation): says "done" or shows the error, and on
 * success reloads what the page shows.
 */
export function useAction(reload: () => void) {
  const t = useTexts();
  const { message } = AntApp.useApp();
  return async (run: () => Promise<unknown>) => {
    try {
      await run();
      message.success(t.done);
      reload();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
}
