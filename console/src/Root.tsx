import { App as AntApp, Button, Card, ConfigProvider, Space, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { User, UserManager } from 'oidc-client-ts';
import { useEffect, useMemo, useState } from 'react';
import { App } from './App.tsx';
import { signedIn, signOut } from './auth.ts';
import { useTokenSource } from './graph.ts';
import { LangContext, TEXTS, type Lang } from './i18n.ts';

/** Language, theme and the signed-in user around the console; the sign-in screen without one. */
export function Root({ manager, initial }: { manager: UserManager; initial: User | null }) {
  const [lang, setLang] = useState<Lang>('zh');
  const [user, setUser] = useState<User | null>(initial);
  useTokenSource(() => user?.access_token);
  useEffect(() => {
    const loaded = (u: User) => setUser(u);
    const lost = () => setUser(null);
    manager.events.addUserLoaded(loaded);
    manager.events.addUserUnloaded(lost);
    manager.events.addSilentRenewError(lost);
    return () => {
      manager.events.removeUserLoaded(loaded);
      manager.events.removeUserUnloaded(lost);
      manager.events.removeSilentRenewError(lost);
    };
  }, [manager]);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const t = TEXTS[lang];
  const context = useMemo(() => ({ lang, t }), [lang, t]);
  const toggle = () => setLang(lang === 'zh' ? 'en' : 'zh');
  const signIn = () =>
    void manager.signinRedirect({
      state: window.location.pathname.startsWith('/console/') ? window.location.pathname : undefined,
    });
  const onSignOut = () => void signOut(manager, manager.settings.client_id);
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#1f5fbf' } }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <LangContext.Provider value={context}>
          {user ? (
            <App me={signedIn(user)} onSignOut={onSignOut} onToggleLang={toggle} />
          ) : (
            <div className="signin">
              <Card title={t.title} style={{ width: 380 }}>
                <Space orientation="vertical" size="large" style={{ width: '100%' }}>
                  <Typography.Text type="secondary">{t.signInHint}</Typography.Text>
                  <Button type="primary" size="large" block onClick={signIn} id="sign-in">
                    {t.signIn}
                  </Button>
                  <Button type="link" onClick={toggle}>
                    {t.language}
                  </Button>
                </Space>
              </Card>
            </div>
          )}
        </LangContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
