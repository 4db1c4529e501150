import { App as AntApp, Button, Card, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { SignedIn } from '../auth.ts';
import { PagedTable } from '../components/PagedTable.tsx';
import { dateTime } from '../format.ts';
import { graphql } from '../gql/index.ts';
import type { Role, UserKind } from '../gql/graphql.ts';
import { request } from '../graph.ts';
import { useTexts } from '../i18n.ts';
import { useAction } from '../useAction.ts';
import { usePagedList } from '../useGraph.ts';

const UserList = graphql(`
  query UserList($filter: UserFilter, $after: String) {
    users(filter: $filter, first: 10, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          username
          displayName
          kind
          organization
          roles
          status
          lastLoginAt
        }
      }
    }
  }
`);

const CreateUser = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      temporaryPassword
      user {
        id
        username
      }
    }
  }
`);

const DisableUser = graphql(`
  mutation DisableUser($id: ID!) {
    disableUser(id: $id) {
      id
      status
    }
  }
`);

const EnableUser = graphql(`
  mutation EnableUser($id: ID!) {
    enableUser(id: $id) {
      id
      status
    }
  }
`);

const ResetPassword = graphql(`
  mutation ResetPassword($id: ID!) {
    resetPassword(id: $id) {
      temporaryPassword
    }
  }
`);

const AssignRoles = graphql(`
  mutation AssignRoles($id: ID!, $roles: [Role!]!) {
    assignRoles(id: $id, roles: $roles) {
      id
      roles
    }
  }
`);

const ROLES: Role[] = [
  'PROVINCIAL_ADMIN',
  'CITY_ADMIN',
  'COUNTY_ADMIN',
  'SCHOOL_ADMIN',
  'RESOURCE_REVIEWER',
  'TEACHER',
  'STUDENT',
  'PARENT',
];
const KINDS: UserKind[] = ['ADMINISTRATOR', 'TEACHER', 'STUDENT', 'PARENT'];

interface NewUser {
  username: string;
  displayName: string;
  kind: UserKind;
  organization: string;
  regionCode?: string;
  roles: Role[];
}

/** 用户管理: users of the caller's subtree; create, disable, reset password, assign roles. */
export function Users({ me }: { me: SignedIn }) {
  const t = useTexts();
  const { modal } = AntApp.useApp();
  const [prefix, setPrefix] = useState('');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<{ id: string; roles: Role[] } | null>(null);
  const [form] = Form.useForm<NewUser>();
  const filter = prefix ? { namePrefix: prefix } : {};
  const paged = usePagedList(UserList, { filter }, (d) => d.users);
  const act = useAction(paged.reload);
  const showPassword = (password: string | null | undefined) =>
    password &&
    modal.info({
      title: t.temporaryPassword,
      content: (
        <Typography.Text copyable code>
          {password}
        </Typography.Text>
      ),
    });
  const create = (values: NewUser) =>
    act(async () => {
      const { createUser } = await request(CreateUser, {
        input: { ...values, regionCode: values.regionCode || null },
      });
      setCreating(false);
      form.resetFields();
      showPassword(createUser.temporaryPassword);
    });
  return (
    <Card
      title={t.users}
      extra={
        <Button type="primary" onClick={() => setCreating(true)}>
          {t.createUser}
        </Button>
      }
    >
      <Input.Search
        placeholder={t.searchByName}
        allowClear
        onSearch={setPrefix}
        style={{ maxWidth: 320, marginBottom: 12 }}
      />
      <PagedTable
        paged={paged}
        rows={(list) => list.edges}
        rowKey={(e) => e.node.id}
        data-testid="users"
        scroll={{ x: 900 }}
        columns={[
          { title: t.username, render: (_, { node }) => node.username },
          { title: t.displayName, render: (_, { node }) => node.displayName },
          { title: t.organization, render: (_, { node }) => node.organization },
          { title: t.roles, render: (_, { node }) => node.roles.map((r) => <Tag key={r}>{r}</Tag>) },
          {
            title: t.status,
            render: (_, { node }) => (
              <Tag color={node.status === 'ACTIVE' ? 'green' : 'red'}>{node.status}</Tag>
            ),
          },
          { title: t.lastLogin, render: (_, { node }) => dateTime(node.lastLoginAt) },
          {
            title: t.actions,
            render: (_, { node }) => (
              <Space size={4} wrap>
                {node.status === 'ACTIVE' ? (
                  <Button
                    size="small"
                    danger
                    onClick={() => void act(() => request(DisableUser, { id: node.id }))}
                  >
                    {t.disable}
                  </Button>
                ) : (
                  <Button size="small" onClick={() => void act(() => request(EnableUser, { id: node.id }))}>
                    {t.enable}
                  </Button>
                )}
                <Button
                  size="small"
                  onClick={() =>
                    void act(async () =>
                      showPassword(
                        (await request(ResetPassword, { id: node.id })).resetPassword.temporaryPassword,
                      ),
                    )
                  }
                >
                  {t.resetPassword}
                </Button>
                <Button size="small" onClick={() => setEditing({ id: node.id, roles: node.roles })}>
                  {t.assignRoles}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t.createUser}
        okText={t.save}
        cancelText={t.cancel}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void create(v)}
          initialValues={{ kind: 'ADMINISTRATOR', organization: me.org, roles: [] }}
        >
          <Form.Item name="username" label={t.username} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="displayName" label={t.displayName} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label={t.kind}>
            <Select options={KINDS.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
          <Form.Item name="organization" label={t.organization} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="regionCode" label={t.regionCode}>
            <Input />
          </Form.Item>
          <Form.Item name="roles" label={t.roles}>
            <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!editing}
        title={t.assignRoles}
        okText={t.save}
        cancelText={t.cancel}
        onCancel={() => setEditing(null)}
        onOk={() =>
          editing &&
          void act(async () => {
            await request(AssignRoles, editing);
            setEditing(null);
          })
        }
      >
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          value={editing?.roles ?? []}
          onChange={(roles: Role[]) => editing && setEditing({ ...editing, roles })}
          options={ROLES.map((r) => ({ value: r, label: r }))}
        />
      </Modal>
    </Card>
  );
}
