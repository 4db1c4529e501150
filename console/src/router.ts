import { useEffect, useState } from 'react';

export const PAGES = [
  'dashboard',
  'organizations',
  'resources',
  'clients',
  'users',
  'spaces',
  'sync',
  'accessLog',
  'account',
] as const;
export type PageName = (typeof PAGES)[number];

function current(): PageName {
  const name = window.location.pathname.replace(/^\/console\/?/, '').split('/')[0] ?? '';
  return (PAGES as readonly string[]).includes(name) ? (name as PageName) : 'dashboard';
}

/** The page in the address bar (`/console/<page>`), so pages can be bookmarked and reloaded. */
export function usePage(): [PageName, (page: PageName) => void] {
  const [page, setPage] = useState<PageName>(current);
  useEffect(() => {
    const onPop = () => setPage(current());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = (next: PageName) => {
    window.history.pushState(null, '', `/console/${next}`);
    setPage(next);
  };
  return [page, go];
}
