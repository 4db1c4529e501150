import { Alert, App as AntApp, Button, Card, Space, Table, Tag } from 'antd';
import { dateTime } from '../format.ts';
import { graphql } from '../gql/index.ts';
import { request } from '../graph.ts';
import { fill, useTexts } from '../i18n.ts';
import { useGraph } from '../useGraph.ts';

const MySessions = graphql(`
  query MySessions {
    mySessions {
      id
      signedInAt
      lastUsedAt
      current
      clients {
        clientId
        name
      }
    }
  }
`);

const EndSession = graphql(`
  mutation EndMySession($id: ID!) {
    endMySession(id: $id)
  }
`);

const EndOthers = graphql(`
  mutation EndMyOtherSessions {
    endMyOtherSessions
  }
`);

/** 登录会话: where the user is signed in (browsers, clients); end one, or all but this one. */
export function Sessions() {
  const t = useTexts();
  const { message } = AntApp.useApp();
  const { data, error, loading, reload } = useGraph(MySessions, {});
  const run = async (action: () => Promise<number>) => {
    try {
      message.success(fill(t.sessionsEnded, { n: await action() }));
      reload();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const sessions = data?.mySessions ?? [];
  return (
    <Card
      title={t.sessions}
      extra={
        <Button
          danger
          disabled={!sessions.some((s) => !s.current)}
          onClick={() => void run(async () => (await request(EndOthers, {})).endMyOtherSessions)}
          data-testid="end-other-sessions"
        >
          {t.endOtherSessions}
        </Button>
      }
    >
      {error && <Alert type="error" title={error.message} />}
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={sessions}
        data-testid="sessions"
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t.signedInAt, render: (_, s) => dateTime(s.signedInAt) },
          { title: t.lastUsed, render: (_, s) => dateTime(s.lastUsedAt) },
          { title: t.signedInTo, render: (_, s) => s.clients.map((c) => c.name ?? c.clientId).join('、') },
          {
            title: t.actions,
            render: (_, s) =>
              s.current ? (
                <Tag color="blue">{t.thisSession}</Tag>
              ) : (
                <Space>
                  <Button
                    size="small"
                    onClick={() =>
                      void run(async () => ((await request(EndSession, { id: s.id })).endMySession ? 1 : 0))
                    }
                  >
                    {t.endSession}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
