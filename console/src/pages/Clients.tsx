import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { SignedIn } from '../auth.ts';
import { graphql } from '../gql/index.ts';
import { request } from '../graph.ts';
import { useTexts } from '../i18n.ts';
import { useAction } from '../useAction.ts';
import { useGraph } from '../useGraph.ts';

const ClientList = graphql(`
  query ClientList {
    clients {
      clientId
      name
      kind
      organization
      organizationName
      scopes
      redirectUris
      firstParty
      disabled
      createdAt
    }
  }
`);

const Register = graphql(`
  mutation RegisterClient($input: RegisterClientInput!) {
    registerClient(input: $input) {
      clientSecret
      client {
        clientId
        name
        firstParty
      }
    }
  }
`);

const Rotate = graphql(`
  mutation RotateClientSecret($clientId: ID!) {
    rotateClientSecret(clientId: $clientId) {
      clientSecret
      client {
        clientId
      }
    }
  }
`);

const Disable = graphql(`
  mutation DisableClient($clientId: ID!) {
    disableClient(clientId: $clientId) {
      clientId
      disabled
    }
  }
`);

const RotateSigningKey = graphql(`
  mutation RotateSigningKey {
    rotateSigningKey
  }
`);

const SCOPES = [
  'datacenter:read',
  'resources:read',
  'spaces:read',
  'spaces:write',
  'datacenter:write',
  'resources:write',
];

interface RegisterForm {
  name: string;
  kind: 'PORTAL' | 'SERVICE';
  organization: string;
  regionCode?: string;
  scopes: string[];
  redirectUris?: string;
  confidential: boolean;
}

function RegisterDialog({
  open,
  org,
  onClose,
}: {
  open: boolean;
  org: string;
  onClose: (changed: boolean) => void;
}) {
  const t = useTexts();
  const { modal, message } = AntApp.useApp();
  const [form] = Form.useForm<RegisterForm>();
  const kind = Form.useWatch('kind', form);
  const [busy, setBusy] = useState(false);
  const submit = async (values: RegisterForm) => {
    setBusy(true);
    try {
      const uris = (values.redirectUris ?? '')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
      const { registerClient } = await request(Register, {
        input: {
          name: values.name,
          kind: values.kind,
          organization: values.organization,
          ...(values.regionCode ? { regionCode: values.regionCode } : {}),
          scopes: values.scopes,
          redirectUris: values.kind === 'PORTAL' ? uris : [],
          postLogoutRedirectUris: [],
          confidential: values.kind === 'SERVICE' || values.confidential,
        },
      });
      form.resetFields();
      onClose(true);
      modal.success({
        title: `${t.created}: ${registerClient.client.name}`,
        content: (
          <Space orientation="vertical">
            <Typography.Text copyable data-testid="new-client-id">
              {registerClient.client.clientId}
            </Typography.Text>
            {registerClient.clientSecret && (
              <>
                <Typography.Text type="warning">{t.secretOnce}</Typography.Text>
                <Typography.Text copyable code>
                  {registerClient.clientSecret}
                </Typography.Text>
              </>
            )}
            <Tag color={registerClient.client.firstParty ? 'blue' : 'orange'}>
              {registerClient.client.firstParty ? t.firstParty : t.thirdParty}
            </Tag>
          </Space>
        ),
      });
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t.registerClient}
      okText={t.save}
      cancelText={t.cancel}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          kind: 'PORTAL',
          organization: org,
          scopes: ['datacenter:read'],
          confidential: false,
        }}
      >
        <Form.Item name="name" label={t.clientName} rules={[{ required: true }]}>
          <Input data-testid="client-name" />
        </Form.Item>
        <Form.Item name="kind" label={t.kind}>
          <Radio.Group>
            <Radio value="PORTAL">{t.portal}</Radio>
            <Radio value="SERVICE">{t.service}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="organization"
          label={t.organization}
          rules={[{ required: true, pattern: /^\d{6}(\d{4})?$/ }]}
        >
          <Input data-testid="client-org" />
        </Form.Item>
        <Form.Item name="regionCode" label={t.regionCode}>
          <Input data-testid="client-region" />
        </Form.Item>
        <Form.Item name="scopes" label={t.scopes}>
          <Checkbox.Group options={SCOPES} />
        </Form.Item>
        {kind !== 'SERVICE' && (
          <>
            <Form.Item name="redirectUris" label={t.redirectUris} rules={[{ required: true }]}>
              <Input.TextArea rows={2} data-testid="client-redirects" />
            </Form.Item>
            <Form.Item name="confidential" label={t.confidential} valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/** 应用接入: the clients of the caller's subtree; register, rotate secrets, disable. */
export function Clients({ me }: { me: SignedIn }) {
  const t = useTexts();
  const { modal } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const { data, error, loading, reload } = useGraph(ClientList, {});
  const act = useAction(reload);
  const rotate = (clientId: string) =>
    act(async () => {
      const { rotateClientSecret } = await request(Rotate, { clientId });
      modal.info({
        title: t.secretOnce,
        content: (
          <Typography.Text copyable code>
            {rotateClientSecret.clientSecret ?? ''}
          </Typography.Text>
        ),
      });
    });
  return (
    <Card
      title={t.clients}
      extra={
        <Space>
          {/* National administrators only: the graph refuses anyone else. */}
          <Popconfirm
            title={t.rotateSigningKey}
            okText={t.save}
            cancelText={t.cancel}
            onConfirm={() => void act(() => request(RotateSigningKey, {}))}
          >
            <Button>{t.rotateSigningKey}</Button>
          </Popconfirm>
          <Button type="primary" onClick={() => setOpen(true)} data-testid="register-client">
            {t.registerClient}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" title={error.message} />}
      <Table
        rowKey="clientId"
        size="small"
        loading={loading}
        dataSource={data?.clients ?? []}
        data-testid="clients"
        pagination={{ pageSize: 20 }}
        scroll={{ x: 900 }}
        columns={[
          { title: t.clientName, dataIndex: 'name' },
          { title: t.clientId, dataIndex: 'clientId' },
          { title: t.kind, dataIndex: 'kind' },
          { title: t.owner, render: (_, c) => c.organizationName ?? c.organization },
          {
            title: t.status,
            render: (_, c) => (
              <Space size={4} wrap>
                {c.kind === 'PORTAL' && (
                  <Tag color={c.firstParty ? 'blue' : 'orange'}>
                    {c.firstParty ? t.firstParty : t.thirdParty}
                  </Tag>
                )}
                {c.disabled ? <Tag color="red">{t.disabled}</Tag> : <Tag color="green">{t.enabled}</Tag>}
              </Space>
            ),
          },
          {
            title: t.actions,
            render: (_, c) => (
              <Space>
                {c.kind === 'SERVICE' && !c.disabled && (
                  <Button size="small" onClick={() => void rotate(c.clientId)}>
                    {t.rotateSecret}
                  </Button>
                )}
                {!c.disabled && (
                  <Button
                    size="small"
                    danger
                    onClick={() => void act(() => request(Disable, { clientId: c.clientId }))}
                  >
                    {t.disable}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <RegisterDialog
        open={open}
        org={me.org}
        onClose={(changed) => {
          setOpen(false);
          if (changed) reload();
        }}
      />
    </Card>
  );
}
