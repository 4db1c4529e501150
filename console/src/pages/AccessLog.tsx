import { Button, Card, DatePicker, Form, Input, Select, Tag } from 'antd';
import { useState } from 'react';
import { PagedTable } from '../components/PagedTable.tsx';
import { dateTime } from '../format.ts';
import { graphql } from '../gql/index.ts';
import type { PersonalDataAccessFilter } from '../gql/graphql.ts';
import { useTexts } from '../i18n.ts';
import { usePagedList } from '../useGraph.ts';

// One page of a subgraph's log; the three queries differ only in which subgraph's log they read.
graphql(`
  fragment AccessLogPage on PersonalDataAccessConnection {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        at
        service
        subject
        clientId
        organization
        operationName
        fields
        records {
          type
          ids
        }
      }
    }
  }
`);

const DatacenterLog = graphql(`
  query DatacenterAccessLog($filter: PersonalDataAccessFilter, $after: String) {
    log: datacenterPersonalDataAccessLog(filter: $filter, first: 20, after: $after) {
      ...AccessLogPage
    }
  }
`);

const IdentityLog = graphql(`
  query IdentityAccessLog($filter: PersonalDataAccessFilter, $after: String) {
    log: identityPersonalDataAccessLog(filter: $filter, first: 20, after: $after) {
      ...AccessLogPage
    }
  }
`);

const SpacesLog = graphql(`
  query SpacesAccessLog($filter: PersonalDataAccessFilter, $after: String) {
    log: spacesPersonalDataAccessLog(filter: $filter, first: 20, after: $after) {
      ...AccessLogPage
    }
  }
`);

const LOGS = { datacenter: DatacenterLog, identity: IdentityLog, spaces: SpacesLog };

interface FilterForm {
  subject?: string;
  clientId?: string;
  range?: [{ toISOString(): string }, { toISOString(): string }] | null;
}

/** 个人信息访问记录 (PIPL): who received unmasked personal data, per owning subgraph. */
export function AccessLog() {
  const t = useTexts();
  const [service, setService] = useState<keyof typeof LOGS>('datacenter');
  const [filter, setFilter] = useState<PersonalDataAccessFilter>({});
  const paged = usePagedList(LOGS[service], { filter }, (d) => d.log, `${service}:${JSON.stringify(filter)}`);
  const onFinish = (v: FilterForm) =>
    setFilter({
      ...(v.subject ? { subject: v.subject.trim() } : {}),
      ...(v.clientId ? { clientId: v.clientId.trim() } : {}),
      ...(v.range ? { from: v.range[0].toISOString(), to: v.range[1].toISOString() } : {}),
    });
  return (
    <Card title={t.accessLog}>
      <Form layout="inline" onFinish={onFinish} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label={t.subgraph}>
          <Select
            value={service}
            onChange={setService}
            style={{ width: 140 }}
            options={Object.keys(LOGS).map((s) => ({ value: s, label: s }))}
          />
        </Form.Item>
        <Form.Item name="subject" label={t.accessor}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="clientId" label={t.clientId}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="range" label={t.period}>
          <DatePicker.RangePicker showTime />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t.search}
          </Button>
        </Form.Item>
      </Form>
      <PagedTable
        paged={paged}
        rows={(log) => log.edges}
        rowKey={(e) => e.node.id}
        data-testid="access-log"
        scroll={{ x: 900 }}
        columns={[
          { title: t.time, render: (_, { node }) => dateTime(node.at) },
          { title: t.accessor, render: (_, { node }) => node.subject },
          { title: t.clientId, render: (_, { node }) => node.clientId ?? '—' },
          { title: t.organization, render: (_, { node }) => node.organization },
          { title: t.operation, render: (_, { node }) => node.operationName ?? '—' },
          { title: t.fields, render: (_, { node }) => node.fields.map((f) => <Tag key={f}>{f}</Tag>) },
          {
            title: t.records,
            render: (_, { node }) => node.records.map((r) => `${r.type} × ${r.ids.length}`).join('，'),
          },
        ]}
      />
    </Card>
  );
}
