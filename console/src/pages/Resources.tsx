import { App as AntApp, Button, Card, Input, Modal, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { PagedTable } from '../components/PagedTable.tsx';
import { dateTime } from '../format.ts';
import { graphql } from '../gql/index.ts';
import { request } from '../graph.ts';
import { useTexts } from '../i18n.ts';
import { usePagedList } from '../useGraph.ts';
import { PushDialog, ResourceDetails, type PushTarget } from './PushDialog.tsx';

const ResourceList = graphql(`
  query ResourceList($filter: ResourceFilter, $query: String, $after: String) {
    resources(filter: $filter, query: $query, first: 10, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        title
        kind
        stage
        subject
        status
        organization
        updatedAt
        history {
          action
          to
          reason
          at
          actorOrganization
        }
        pushes {
          id
          targetKind
          targetCode
          targetName
          pushedAt
          receipt
          seenAt
          usedAt
        }
      }
    }
  }
`);

const Approve = graphql(`
  mutation ApproveResource($id: ID!, $reason: String) {
    approveResource(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

const Reject = graphql(`
  mutation RejectResource($id: ID!, $reason: String!) {
    rejectResource(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

type Decision = { id: string; title: string; approve: boolean };

function ReviewDialog({
  decision,
  onClose,
}: {
  decision: Decision | null;
  onClose: (changed: boolean) => void;
}) {
  const t = useTexts();
  const { message } = AntApp.useApp();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!decision) return;
    if (!decision.approve && !reason.trim()) return void message.error(t.reasonRequired);
    setBusy(true);
    try {
      if (decision.approve) await request(Approve, { id: decision.id, reason: reason.trim() || null });
      else await request(Reject, { id: decision.id, reason: reason.trim() });
      message.success(decision.approve ? t.approved : t.rejected);
      setReason('');
      onClose(true);
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!decision}
      title={`${decision?.approve ? t.approve : t.reject} · ${decision?.title ?? ''}`}
      okText={t.save}
      cancelText={t.cancel}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
    >
      <Input.TextArea
        rows={3}
        placeholder={t.reason}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        data-testid="review-reason"
      />
    </Modal>
  );
}

/** The review queue (SUBMITTED) or the catalog (PUBLISHED, keyword search, push); rows open on their history and receipts. */
function ResourceTable({ review }: { review: boolean }) {
  const t = useTexts();
  const [query, setQuery] = useState('');
  const [decision, setDecision] = useState<Decision | null>(null);
  const [pushing, setPushing] = useState<PushTarget | null>(null);
  const filter = { status: review ? ['SUBMITTED' as const] : ['PUBLISHED' as const] };
  const paged = usePagedList(ResourceList, { filter, query: query || null }, (d) => d.resources);
  const { reload } = paged;
  return (
    <>
      {!review && (
        <Input.Search
          placeholder={t.keyword}
          allowClear
          enterButton={t.search}
          onSearch={setQuery}
          style={{ maxWidth: 420, marginBottom: 12 }}
        />
      )}
      <PagedTable
        paged={paged}
        rows={(list) => list.nodes}
        rowKey="id"
        data-testid={review ? 'review-queue' : 'catalog'}
        expandable={{
          expandedRowRender: (r) => <ResourceDetails history={r.history} pushes={r.pushes} />,
        }}
        columns={[
          { title: t.titleCol, dataIndex: 'title' },
          { title: t.kind, dataIndex: 'kind' },
          { title: t.subject, dataIndex: 'subject' },
          { title: t.owner, dataIndex: 'organization' },
          { title: t.updated, render: (_, r) => dateTime(r.updatedAt) },
          review
            ? {
                title: t.actions,
                render: (_, r) => (
                  <Space>
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => setDecision({ id: r.id, title: r.title, approve: true })}
                    >
                      {t.approve}
                    </Button>
                    <Button
                      size="small"
                      danger
                      onClick={() => setDecision({ id: r.id, title: r.title, approve: false })}
                    >
                      {t.reject}
                    </Button>
                  </Space>
                ),
              }
            : {
                title: t.actions,
                render: (_, r) => (
                  <Space>
                    <Tag color="green">{r.status}</Tag>
                    <Button size="small" onClick={() => setPushing({ id: r.id, title: r.title })}>
                      {t.push}
                    </Button>
                  </Space>
                ),
              },
        ]}
      />
      <PushDialog
        target={pushing}
        onClose={(changed) => {
          setPushing(null);
          if (changed) reload();
        }}
      />
      <ReviewDialog
        decision={decision}
        onClose={(changed) => {
          setDecision(null);
          if (changed) reload();
        }}
      />
    </>
  );
}

/** 资源审核与目录: pending resources to approve or reject with a reason, and the published catalog. */
export function Resources() {
  const t = useTexts();
  return (
    <Card>
      <Tabs
        // Each tab asks the graph again when shown: decisions and receipts made meanwhile appear.
        destroyOnHidden
        items={[
          { key: 'review', label: t.pending, children: <ResourceTable review /> },
          { key: 'catalog', label: t.catalog, children: <ResourceTable review={false} /> },
        ]}
      />
    </Card>
  );
}
