import { DEMO_ACCOUNTS, DEMO_CLIENTS, DEMO_PASSWORD } from '../seed/demo.ts';
import type { LauncherConfig } from './config.ts';

/** Demo accounts printed at start. Demo only. */
export const demoAccounts: { who: string; username: string; password: string }[] = DEMO_ACCOUNTS.map((a) => ({
  who: a.who,
  username: a.username,
  password: DEMO_PASSWORD,
}));

export function printBanner(config: LauncherConfig, mongoUri: string, services: string[]): void {
  const host = config.HOST;
  const missing = (name: string) => (services.includes(name) ? '' : '   (not built yet)');
  const lines = [
    '',
    '  EduGraph hub is running',
    '',
    `  Gateway (GraphQL + IDE)   http://${host}:${config.GATEWAY_PORT}/graphql${missing('gateway')}`,
    `  Operator console          http://${host}:${config.GATEWAY_PORT}/console/${missing('gateway')}`,
    `  Identity (OpenID issuer)  http://${host}:${config.IDENTITY_PORT}${missing('identity')}`,
    `  Datacenter subgraph       http://${host}:${config.DATACENTER_PORT}/graphql${missing('datacenter')}`,
    `  Resources subgraph        http://${host}:${config.RESOURCES_PORT}/graphql${missing('resources')}`,
    `  Spaces subgraph           http://${host}:${config.SPACES_PORT}/graphql${missing('spaces')}`,
    `  Database                  ${mongoUri}`,
    '',
    ...(demoAccounts.length
      ? [
          '  Demo accounts (demo only):',
          ...demoAccounts.map((a) => `    ${a.who.padEnd(28)} ${a.username} / ${a.password}`),
          '',
        ]
      : []),
    ...(services.includes('identity')
      ? [
          '  Demo clients (demo only):',
          `    school portal (code + PKCE)  ${DEMO_CLIENTS.portal.clientId}   redirect ${DEMO_CLIENTS.portal.redirectUris[0]}`,
          `    sync job (client creds)      ${DEMO_CLIENTS.sync.clientId} / ${DEMO_CLIENTS.sync.clientSecret}`,
          `    provincial platform          ${DEMO_CLIENTS.platform.clientId} / ${DEMO_CLIENTS.platform.clientSecret}`,
          `    token endpoint               http://${host}:${config.IDENTITY_PORT}/token`,
          '',
        ]
      : []),
    '  Press Ctrl-C to stop everything.',
    '',
  ];
  console.log(lines.join('\n'));
}
