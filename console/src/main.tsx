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
    // Back to the page the sign-in started from (only a console page, never another address).
    const back = String(initial?.state ?? '');
    window.history.replaceState(null, '', /^\/console\/[A-Za-z]+$/.test(back) ? back : '/console/dashboard');
  }
  // Back from the provider's sign-out page: forget the sign-out request's state.
  if (window.location.pathname === '/console/' && new URLSearchParams(window.location.search).has('state')) {
    await manager.signoutRedirectCallback().catch((err: unknown) => console.error('sign-out', err));
    window.history.replaceState(null, '', '/console/');
  }
  root.render(<Root manager={manager} initial={initial} />);
}

void start();
