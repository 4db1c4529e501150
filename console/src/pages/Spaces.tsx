import { App as AntApp, Button, Card, Form, Input, Select, Space as Row, Table, Tag } from 'antd';
import { useState } from 'react';
import { PagedTable } from '../components/PagedTable.tsx';
import { dateTime } from '../format.ts';
import { graphql } from '../gql/index.ts';
import type { SpaceKind } from '../gql/graphql.ts';
import { request } from '../graph.ts';
import { useTexts } from '../i18n.ts';
import { useAction } from '../useAction.ts';
import { usePagedList } from '../useGraph.ts';

const SpaceList = graphql(`
  query SpaceList($kind: SpaceKind, $after: String) {
    spaces(kind: $kind, first: 10, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          kind
          title
          schoolCode
          classCode
          openedAt
          reports(first: 20) {
            totalCount
            edges {
              node {
                id
                targetType
                targetId
                reason
                note
                createdAt
              }
            }
          }
        }
      }
    }
  }
`);

const OpenSchoolSpaces = graphql(`
  mutation OpenSchoolSpaces($input: OpenSchoolSpacesInput!) {
    openSchoolSpaces(input: $input) {
      opened
      existing
      rejected
    }
  }
`);

const HidePost = graphql(`
  mutation HidePost($id: ID!, $reason: String) {
    setPostHidden(id: $id, hidden: true, reason: $reason) {
      id
      hidden
    }
  }
`);

const HideComment = graphql(`
  mutation HideComment($id: ID!) {
    setCommentHidden(id: $id, hidden: true) {
      id
    }
  }
`);

const ResolveReport = graphql(`
  mutation ResolveReport($id: ID!) {
    resolveReport(id: $id) {
      id
      status
    }
  }
`);

const KINDS: SpaceKind[] = ['SCHOOL', 'CLASS', 'PERSONAL', 'GROUP'];

/** 网络学习空间: the spaces of the caller's subtree, open reports to moderate, spaces opened for a school. */
export function Spaces() {
  const t = useTexts();
  const { message } = AntApp.useApp();
  const [kind, setKind] = useState<SpaceKind | null>(null);
  const paged = usePagedList(SpaceList, { kind }, (d) => d.spaces);
  const act = useAction(paged.reload);
  const open = (v: { schoolCode: string }) =>
    act(async () => {
      const { openSchoolSpaces: r } = await request(OpenSchoolSpaces, {
        input: { schoolCode: v.schoolCode.trim() },
      });
      message.info(`${t.opened}: ${r.opened} · ${t.existing}: ${r.existing}`);
    });
  return (
    <Card title={t.spaces}>
      <Row wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t.kind}
          style={{ width: 160 }}
          value={kind}
          onChange={(k: SpaceKind | undefined) => setKind(k ?? null)}
          options={KINDS.map((k) => ({ value: k, label: k }))}
        />
        <Form layout="inline" onFinish={(v: { schoolCode: string }) => void open(v)}>
          <Form.Item name="schoolCode" rules={[{ required: true, pattern: /^\d{10}$/ }]}>
            <Input placeholder={t.schoolCode} />
          </Form.Item>
          <Button htmlType="submit">{t.openSchoolSpaces}</Button>
        </Form>
      </Row>
      <PagedTable
        paged={paged}
        rows={(list) => list.edges.map((e) => e.node)}
        rowKey="id"
        data-testid="spaces"
        expandable={{
          rowExpandable: (s) => s.reports.totalCount > 0,
          expandedRowRender: (s) => (
            <Table
              rowKey={(e) => e.node.id}
              size="small"
              pagination={false}
              dataSource={s.reports.edges}
              columns={[
                { title: t.time, render: (_, { node }) => dateTime(node.createdAt) },
                { title: t.kind, render: (_, { node }) => node.targetType },
                { title: t.reason, render: (_, { node }) => `${node.reason} ${node.note}` },
                {
                  title: t.actions,
                  render: (_, { node }) => (
                    <Row>
                      <Button
                        size="small"
                        danger
                        onClick={() =>
                          void act(() =>
                            node.targetType === 'POST'
                              ? request(HidePost, { id: node.targetId, reason: node.reason })
                              : request(HideComment, { id: node.targetId }),
                          )
                        }
                      >
                        {t.hide}
                      </Button>
                      <Button
                        size="small"
                        onClick={() => void act(() => request(ResolveReport, { id: node.id }))}
                      >
                        {t.resolve}
                      </Button>
                    </Row>
                  ),
                },
              ]}
            />
          ),
        }}
        columns={[
          { title: t.titleCol, dataIndex: 'title' },
          { title: t.kind, dataIndex: 'kind' },
          { title: t.school, render: (_, s) => s.schoolCode ?? '—' },
          { title: t.class, render: (_, s) => s.classCode ?? '—' },
          { title: t.created, render: (_, s) => dateTime(s.openedAt) },
          {
            title: t.reports,
            render: (_, s) =>
              s.reports.totalCount ? <Tag color="red">{s.reports.totalCount}</Tag> : <Tag>0</Tag>,
          },
        ]}
      />
    </Card>
  );
}
