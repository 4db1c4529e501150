import { createRoot } from 'react-dom/client';
import './console.css';
import { createUserManager, loadConsoleConfig } from './auth.ts';
import { Root } from './Root.tsx';

/**
 * Start: read the hub's OpenID settings from the gateway, finish a sign-in coming back from
 * the provider (`/console/callback`), then render.
 */
async function start() {
  const root = createRoot(document.getElementById('root')!);
  const config = await loadConsoleConfig();
  const manager = createUserManager(config);
  let initial = null;
  if (window.location.pathname === '/console/callback') {
    try {
      initial = await manager.signinRedirectCallback();
    } catch (err) {
      console.error('sign-in failed', err);
    }
    const back = (initial?.state as string | undefined) ?? '/console/dashboard';
    window.history.replaceState(null, '', back.startsWith('/console/') ? back : '/console/dashboard');
  }
  root.render(<Root manager={manager} initial={initial} />);
}

void start();
