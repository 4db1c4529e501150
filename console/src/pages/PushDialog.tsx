import { App as AntApp, Input, Modal, Segmented, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { dateTime } from '../format.ts';
import { graphql } from '../gql/index.ts';
import type { PushTargetKind } from '../gql/graphql.ts';
import { request } from '../graph.ts';
import { useTexts, type Texts } from '../i18n.ts';

const Push = graphql(`
  mutation PushResource($id: ID!, $targets: [PushTargetInput!]!, $note: String) {
    pushResource(id: $id, targets: $targets, note: $note) {
      id
      targetCode
      receipt
    }
  }
`);

export type PushTarget = { id: string; title: string };

/** 推送: a published resource to schools or classes of the caller's subtree, by code. */
export function PushDialog({
  target,
  onClose,
}: {
  target: PushTarget | null;
  onClose: (changed: boolean) => void;
}) {
  const t = useTexts();
  const { message } = AntApp.useApp();
  const [kind, setKind] = useState<PushTargetKind>('SCHOOL' as PushTargetKind);
  const [codes, setCodes] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!target) return;
    const list = codes.split(/[\s,，]+/).filter(Boolean);
    if (!list.length) return void message.error(t.pushTargets);
    setBusy(true);
    try {
      const targets = list.map((code) => ({ kind, code }));
      await request(Push, { id: target.id, targets, note: note.trim() || null });
      message.success(t.pushed);
      setCodes('');
      setNote('');
      onClose(true);
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!target}
      title={`${t.pushTo} · ${target?.title ?? ''}`}
      okText={t.push}
      cancelText={t.cancel}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Segmented
          value={kind}
          onChange={(v) => setKind(v as PushTargetKind)}
          options={[
            { value: 'SCHOOL', label: t.schools },
            { value: 'CLASS', label: t.classes },
          ]}
        />
        <Input.TextArea
          rows={3}
          aria-label={t.pushTargets}
          placeholder={t.pushTargets}
          value={codes}
          onChange={(e) => setCodes(e.target.value)}
          data-testid="push-targets"
        />
        <Input
          aria-label={t.pushNote}
          placeholder={t.pushNote}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Space>
    </Modal>
  );
}

interface Transition {
  action: string;
  to: string;
  reason?: string | null;
  at: string;
  actorOrganization: string;
}
interface Pushed {
  id: string;
  targetKind: string;
  targetCode: string;
  targetName?: string | null;
  pushedAt: string;
  receipt: string;
  seenAt?: string | null;
  usedAt?: string | null;
}

const receiptColor: Record<string, string> = { PUSHED: 'default', SEEN: 'blue', USED: 'green' };
const receiptText = (t: Texts, r: string) => t[`receipt${r}` as 'receiptPUSHED'] ?? r;

/** A resource's review history (审核记录) and, when pushed, where to and the receipts (回执). */
export function ResourceDetails({ history, pushes }: { history: Transition[]; pushes: Pushed[] }) {
  const t = useTexts();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="resource-details">
      <Typography.Text strong>{t.history}</Typography.Text>
      <Timeline
        items={history.map((h) => ({
          children: `${dateTime(h.at)} ${h.action} → ${h.to} (${h.actorOrganization})${h.reason ? `：${h.reason}` : ''}`,
        }))}
      />
      {pushes.length > 0 && (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          title={() => t.pushes}
          dataSource={pushes}
          data-testid="push-receipts"
          columns={[
            { title: t.kind, render: (_, p) => (p.targetKind === 'SCHOOL' ? t.schools : t.classes) },
            { title: t.code, dataIndex: 'targetCode' },
            { title: t.name, render: (_, p) => p.targetName ?? '—' },
            { title: t.pushed, render: (_, p) => dateTime(p.pushedAt) },
            {
              title: t.receipt,
              render: (_, p) => (
                <Tag color={receiptColor[p.receipt]}>
                  {receiptText(t, p.receipt)} {dateTime(p.usedAt ?? p.seenAt ?? null).replace('—', '')}
                </Tag>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}
