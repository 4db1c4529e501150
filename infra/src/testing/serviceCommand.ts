import { execFile } from 'node:child_process';
import { TEST_AUDIENCE, type TestHub } from './testHub.ts';

/** How a service command ended, with what it printed. */
export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment a service's own command (an audit, a recount…) gets on the hub, as an operator
 * would set it: the hub's database and identity, and its data center when it runs one; `env`
 * adds or overrides.
 */
export function commandEnv(hub: TestHub, env: Record<string, string> = {}): Record<string, string> {
  const datacenter = hub.urls.datacenter;
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    MONGODB_URI: hub.mongoUri,
    EDUGRAPH_DB_PREFIX: hub.dbPrefix,
    IDENTITY_ISSUER: hub.url('identity'),
    TOKEN_AUDIENCE: TEST_AUDIENCE,
    ...(datacenter ? { DATACENTER_URL: `${datacenter}/graphql` } : {}),
    ...env,
  };
}

/** Runs `script` (relative to the package folder `cwd`) in its own Node process to its end. */
export function runServiceCommand(
  hub: TestHub,
  cwd: string,
  script: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CommandRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd, env: commandEnv(hub, env) }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
