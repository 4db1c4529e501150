import type { LauncherConfig } from './config.ts';

/** Demo accounts printed at start; services add theirs here as they arrive. Demo only. */
export const demoAccounts: { who: string; username: string; password: string }[] = [];

export function printBanner(config: LauncherConfig, mongoUri: string, services: string[]): void {
  const host = config.HOST;
  const lines = [
    '',
    '  EduGraph hub is running',
    '',
    `  Gateway (GraphQL + IDE)   http://${host}:${config.GATEWAY_PORT}/graphql${services.includes('gateway') ? '' : '   (not built yet)'}`,
    `  Identity (OpenID issuer)  http://${host}:${config.IDENTITY_PORT}${services.includes('identity') ? '' : '   (not built yet)'}`,
    `  Datacenter subgraph       http://${host}:${config.DATACENTER_PORT}/graphql`,
    `  Resources subgraph        http://${host}:${config.RESOURCES_PORT}/graphql`,
    `  Spaces subgraph           http://${host}:${config.SPACES_PORT}/graphql`,
    `  Database                  ${mongoUri}`,
    '',
    ...(demoAccounts.length
      ? [
          '  Demo accounts (demo only):',
          ...demoAccounts.map((a) => `    ${a.who.padEnd(28)} ${a.username} / ${a.password}`),
          '',
        ]
      : []),
    '  Press Ctrl-C to stop everything.',
    '',
  ];
  console.log(lines.join('\n'));
}
