import { Button, Layout, Menu, Skeleton, Space, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import type { SignedIn } from './auth.ts';
import { useTexts } from './i18n.ts';
import { PAGES, usePage, type PageName } from './router.ts';

// Each page is its own chunk: the charts library loads with the dashboard only.
const Account = lazy(() => import('./pages/Account.tsx').then((m) => ({ default: m.Account })));
const AccessLog = lazy(() => import('./pages/AccessLog.tsx').then((m) => ({ default: m.AccessLog })));
const Clients = lazy(() => import('./pages/Clients.tsx').then((m) => ({ default: m.Clients })));
const Dashboard = lazy(() => import('./pages/Dashboard.tsx').then((m) => ({ default: m.Dashboard })));
const Organizations = lazy(() =>
  import('./pages/Organizations.tsx').then((m) => ({ default: m.Organizations })),
);
const Resources = lazy(() => import('./pages/Resources.tsx').then((m) => ({ default: m.Resources })));
const Spaces = lazy(() => import('./pages/Spaces.tsx').then((m) => ({ default: m.Spaces })));
const Sync = lazy(() => import('./pages/Sync.tsx').then((m) => ({ default: m.Sync })));
const Users = lazy(() => import('./pages/Users.tsx').then((m) => ({ default: m.Users })));

export interface AppProps {
  me: SignedIn;
  onSignOut: () => void;
  onToggleLang: () => void;
}

/** The signed-in console: menu, header and the current page. */
export function App({ me, onSignOut, onToggleLang }: AppProps) {
  const t = useTexts();
  const [page, go] = usePage();
  // Below 992 px (tablets) the menu folds away; a header button (a real, focusable button, unlike
  // the Sider's own zero-width trigger) opens it, and choosing a page folds it again.
  const [narrow, setNarrow] = useState(false);
  const [folded, setFolded] = useState(false);
  const body: Record<PageName, React.ReactNode> = {
    dashboard: <Dashboard me={me} />,
    organizations: <Organizations me={me} />,
    resources: <Resources />,
    clients: <Clients me={me} />,
    users: <Users me={me} />,
    spaces: <Spaces />,
    sync: <Sync />,
    accessLog: <AccessLog />,
    account: <Account />,
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        breakpoint="lg"
        collapsedWidth={0}
        width={200}
        trigger={null}
        collapsible
        collapsed={folded}
        onBreakpoint={(broken) => {
          setNarrow(broken);
          setFolded(broken);
        }}
      >
        <div className="brand">{t.title}</div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[page]}
          onClick={({ key }) => {
            go(key as PageName);
            if (narrow) setFolded(true);
          }}
          items={PAGES.map((p) => ({ key: p, label: t[p] }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="header">
          {narrow && (
            <Button onClick={() => setFolded(!folded)} aria-expanded={!folded} className="menu-toggle">
              {t.menu}
            </Button>
          )}
          <Space>
            <Typography.Text strong data-testid="who">
              {me.name}
            </Typography.Text>
            <Typography.Text type="secondary">{me.org}</Typography.Text>
          </Space>
          <Button onClick={onToggleLang}>{t.language}</Button>
          <Button onClick={onSignOut} id="sign-out">
            {t.signOut}
          </Button>
        </Layout.Header>
        <Layout.Content className="content">
          <Suspense fallback={<Skeleton active />}>{body[page]}</Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
