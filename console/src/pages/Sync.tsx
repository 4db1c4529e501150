import { Alert, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { dateTime } from '../format.ts';
import { graphql } from '../gql/index.ts';
import type { EntityKind } from '../gql/graphql.ts';
import { useTexts } from '../i18n.ts';
import { useGraph } from '../useGraph.ts';

const Changes = graphql(`
  query SyncChanges($after: String, $kinds: [EntityKind!]) {
    changes(after: $after, first: 20, kinds: $kinds) {
      endCursor
      hasMore
      changes {
        cursor
        kind
        key
        op
        version
        at
      }
    }
  }
`);

const KINDS: EntityKind[] = ['REGION', 'SCHOOL', 'CLASS', 'STUDENT', 'TEACHER', 'ASSET'];

/**
 * 数据交换: the data center's change feed of the caller's subtree, read page by page from the
 * start or from a cursor a sync job reported (its position), keys masked as the graph returns them.
 */
export function Sync() {
  const t = useTexts();
  const [kinds, setKinds] = useState<EntityKind[]>([]);
  const [after, setAfter] = useState<string | null>(null);
  const { data, error, loading } = useGraph(Changes, { after, kinds: kinds.length ? kinds : null });
  const feed = data?.changes;
  return (
    <Card title={t.sync}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          mode="multiple"
          allowClear
          placeholder={t.kind}
          style={{ minWidth: 240 }}
          value={kinds}
          onChange={(k: EntityKind[]) => {
            setKinds(k);
            setAfter(null);
          }}
          options={KINDS.map((k) => ({ value: k, label: k }))}
        />
        <Input.Search
          placeholder={t.resumeFrom}
          allowClear
          enterButton={t.search}
          onSearch={(v) => setAfter(v.trim() || null)}
          style={{ width: 360 }}
        />
      </Space>
      {error && <Alert type="error" title={error.message} />}
      <Typography.Paragraph>
        {t.position}:{' '}
        <Typography.Text code copyable>
          {feed?.endCursor ?? '—'}
        </Typography.Text>
      </Typography.Paragraph>
      <Table
        rowKey="cursor"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={feed?.changes ?? []}
        data-testid="changes"
        columns={[
          { title: t.time, render: (_, c) => dateTime(c.at) },
          { title: t.kind, dataIndex: 'kind' },
          { title: t.code, dataIndex: 'key' },
          {
            title: t.operation,
            render: (_, c) => <Tag color={c.op === 'DELETE' ? 'red' : 'blue'}>{c.op}</Tag>,
          },
          { title: 'version', dataIndex: 'version' },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button onClick={() => setAfter(null)} disabled={!after}>
          {t.fromStart}
        </Button>
        <Button onClick={() => feed?.endCursor && setAfter(feed.endCursor)} disabled={!feed?.hasMore}>
          {t.next}
        </Button>
      </Space>
    </Card>
  );
}
