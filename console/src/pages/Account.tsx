import { App as AntApp, Button, Card, Form, Input, Space } from 'antd';
import { graphql } from '../gql/index.ts';
import { request } from '../graph.ts';
import { useTexts } from '../i18n.ts';
import { Sessions } from './Sessions.tsx';

const ChangePassword = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      id
    }
  }
`);

/** 账号设置: change one's own password (the graph checks the current one and the policy), sign-in sessions. */
export function Account() {
  const t = useTexts();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string }>();
  const submit = async (values: { currentPassword: string; newPassword: string }) => {
    try {
      await request(ChangePassword, values);
      message.success(t.passwordChanged);
      form.resetFields();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t.changePassword} style={{ maxWidth: 480 }}>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="currentPassword" label={t.currentPassword} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label={t.newPassword} rules={[{ required: true, min: 10 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t.save}
          </Button>
        </Form>
      </Card>
      <Sessions />
    </Space>
  );
}
