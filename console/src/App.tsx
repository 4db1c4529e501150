import { Button, Layout, Menu, Space, Typography } from 'antd';
import type { SignedIn } from './auth.ts';
import { useTexts } from './i18n.ts';
import { Account } from './pages/Account.tsx';
import { AccessLog } from './pages/AccessLog.tsx';
import { Clients } from './pages/Clients.tsx';
import { Dashboard } from './pages/Dashboard.tsx';
import { Organizations } from './pages/Organizations.tsx';
import { Resources } from './pages/Resources.tsx';
import { Sync } from './pages/Sync.tsx';
import { Users } from './pages/Users.tsx';
import { PAGES, usePage, type PageName } from './router.ts';

export interface AppProps {
  me: SignedIn;
  onSignOut: () => void;
  onToggleLang: () => void;
}

/** The signed-in console: menu, header and the current page. */
export function App({ me, onSignOut, onToggleLang }: AppProps) {
  const t = useTexts();
  const [page, go] = usePage();
  const body: Record<PageName, React.ReactNode> = {
    dashboard: <Dashboard me={me} />,
    organizations: <Organizations me={me} />,
    resources: <Resources />,
    clients: <Clients me={me} />,
    users: <Users me={me} />,
    sync: <Sync />,
    accessLog: <AccessLog />,
    account: <Account />,
  };
  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={200}>
        <div className="brand">{t.title}</div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[page]}
          onClick={({ key }) => go(key as PageName)}
          items={PAGES.map((p) => ({ key: p, label: t[p] }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="header">
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
        <Layout.Content className="content">{body[page]}</Layout.Content>
      </Layout>
    </Layout>
  );
}
