import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import { seedEntry, seedSource, serverEntry } from '../entries.ts';
import { startProcess, stopProcess, waitUntilReady, type Managed } from '../launcher/processes.ts';
import { compileCacheDir, repoRoot } from '../paths.ts';
import { clientCredentials, codeFlow, type CodeFlowResult } from './oidcFlow.ts';
import { loadSchoolsIntoDatacenter } from './loadSchools.ts';
import { freePort } from './ports.ts';
import { startRoundRobinProxy, type RoundRobinProxy } from './roundRobinProxy.ts';

export type ServiceName = 'identity' | 'datacenter' | 'resources' | 'spaces' | 'gateway';

const DIRS: Record<ServiceName, string> = {
  identity: 'subgraphs/identity',
  datacenter: 'subgraphs/datacenter',
  resources: 'subgraphs/resources',
  spaces: 'subgraphs/spaces',
  gateway: 'gateway',
};

export const TEST_AUDIENCE = 'urn:edugraph:graph';
export const TEST_PORTAL_REDIRECT = 'http://127.0.0.1:9/callback';

export interface TestHubOptions {
  /** Started in this order, each as its own process on a free port. */
  services: ServiceName[];
  /** Extra environment for every service (or per service). */
  env?: Record<string, string>;
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Run each service's `src/seed/main.ts` before starting it (the demo data). */
  seed?: boolean;
  /** Use this database server instead of starting an embedded one (defaults to MONGODB_URI). */
  mongoUri?: string;
  /** Shown in the services' output lines. */
  name?: string;
  /**
   * Schools to load into the data center (with their regions) once the services run: identity
   * asks the data center where a school sits, so a test that gives users or clients a school
   * organization runs `datacenter` and lists the school here (or calls `loadSchools`).
   */
  schools?: TestSchool[];
  /**
   * Processes per subgraph (default 1). With more, each subgraph runs that many instances on
   * ports of their own behind a round-robin proxy on the subgraph's port, so every caller (the
   * gateway, other subgraphs, the test) alternates between them (stateless services, issue 15).
   */
  instances?: number;
}

export interface TestSchool {
  code: string;
  /** The county (or city) it sits in, as the data center will have it. */
  regionCode: string;
  name?: string;
  /** Its classes (the data center's, which spaces opens class spaces for). */
  classes?: TestClass[];
}

export interface TestClass {
  /** School code + enrollment year + 2 digits. */
  code: string;
  grade: number;
  name?: string;
}

export interface TokenRequest {
  /** Region code, or a school code together with `region` (its county). */
  org: string;
  region?: string;
  roles?: string[];
  scopes?: string[];
}

export interface NewUser {
  username: string;
  password?: string;
  displayName: string;
  kind: 'TEACHER' | 'STUDENT' | 'PARENT' | 'ADMINISTRATOR' | 'SERVICE';
  org: string;
  region?: string;
  roles?: string[];
  personNumber?: string;
}

export interface GraphQLBody {
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestHub {
  mongoUri: string;
  dbPrefix: string;
  urls: Partial<Record<ServiceName, string>>;
  url(service: ServiceName): string;
  /** A client-credentials token from the real identity provider for a client of that organization. */
  tokenFor(request: TokenRequest & { name?: string }): Promise<string>;
  /** Registers a service client through the graph; returns its credentials. */
  registerServiceClient(
    request: TokenRequest & { name?: string },
  ): Promise<{ clientId: string; clientSecret: string }>;
  createUser(user: NewUser): Promise<{ id: string; password: string }>;
  /** The code + PKCE flow over HTTP with the harness's test portal. */
  signIn(username: string, password: string, scopes?: string[]): Promise<CodeFlowResult>;
  portalClientId(): Promise<string>;
  /** Loads schools and the regions above them into the data center through its upsert API. */
  loadSchools(schools: readonly TestSchool[]): Promise<void>;
  gql(
    service: ServiceName,
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLBody>;
  /** The process id of a running service (to read its memory), undefined when it is not running. */
  pid(service: ServiceName): number | undefined;
  /** The embedded database's process id (undefined with an external MONGODB_URI): its CPU, for benches. */
  databasePid(): number | undefined;
  /** Stops one service (to test failures); `restart` starts it again on the same port. */
  kill(service: ServiceName): Promise<void>;
  /**
   * With `instances` > 1: stops one instance of a subgraph (its proxy sends requests to the
   * others). SIGTERM (the default) lets it finish what it is doing; SIGKILL ends it at once,
   * dropping its open requests as a crash or an evicted container would.
   */
  killInstance(service: ServiceName, index: number, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** With `instances` > 1: starts again, on its port, an instance of a subgraph that `killInstance` stopped. */
  restartInstance(service: ServiceName, index: number): Promise<void>;
  /** With `instances` > 1: the round-robin proxy in front of a subgraph (which instance served what). */
  proxy(service: ServiceName): RoundRobinProxy | undefined;
  restart(service: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

const BOOTSTRAP_ID = 'test-bootstrap';

/**
 * A whole hub for a test: a throw-away embedded database (or MONGODB_URI with fresh database
 * names), the chosen services as real processes on free ports, and real tokens from the
 * real identity provider. Everything listens on 127.0.0.1 and is stopped by `stop()`.
 */
export async function startTestHub(options: TestHubOptions): Promise<TestHub> {
  const externalUri = options.mongoUri ?? process.env.MONGODB_URI;
  let database: EmbeddedDatabase | undefined;
  const mongoUri = externalUri ?? (database = await startEmbeddedDatabase({ port: 0 })).uri;
  const dbPrefix = `t${randomBytes(4).toString('hex')}`;
  const bootstrapSecret = randomBytes(24).toString('base64url');
  const ports = Object.fromEntries(
    await Promise.all((Object.keys(DIRS) as ServiceName[]).map(async (s) => [s, await freePort()] as const)),
  ) as Record<ServiceName, number>;
  const base = (s: ServiceName) => `http://127.0.0.1:${ports[s]}`;
  const sharedEnv: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    HOST: '127.0.0.1',
    MONGODB_URI: mongoUri,
    EDUGRAPH_DB_PREFIX: dbPrefix,
    IDENTITY_ISSUER: base('identity'),
    IDENTITY_URL: base('identity'),
    TOKEN_AUDIENCE: TEST_AUDIENCE,
    DATACENTER_URL: `${base('datacenter')}/graphql`,
    RESOURCES_URL: `${base('resources')}/graphql`,
    SPACES_URL: `${base('spaces')}/graphql`,
    GATEWAY_URL: `${base('gateway')}/graphql`,
    CONSOLE_URL: `${base('gateway')}/console/`,
    IDENTITY_BOOTSTRAP_CLIENT_ID: BOOTSTRAP_ID,
    IDENTITY_BOOTSTRAP_CLIENT_SECRET: bootstrapSecret,
    SEED_STUDENTS: '300',
    SEED: '7',
    // As the launcher: each service's modules compiled once, not at every start.
    NODE_COMPILE_CACHE: compileCacheDir,
    ...options.env,
  };
  const running = new Map<ServiceName, Managed[]>();
  const instances = Math.max(1, options.instances ?? 1);
  const proxies = new Map<ServiceName, RoundRobinProxy>();
  const instancePorts = new Map<ServiceName, number[]>();
  // Identity asks the data center where schools sit: only when this hub runs one.
  const identityEnv: Record<string, string> = options.services.includes('datacenter')
    ? {}
    : { DATACENTER_URL: '' };
  const envOf = (s: ServiceName, port = ports[s]) => ({
    ...sharedEnv,
    ...(s === 'identity' ? identityEnv : {}),
    ...options.serviceEnv?.[s],
    PORT: String(port),
  });
  const label = (s: ServiceName) => (options.name ? `${options.name}:${s}` : s);

  const startOne = async (s: ServiceName, index: number, port: number, name: string, slot?: number) => {
    const dir = join(repoRoot, DIRS[s]);
    // From its bundle while fresh, as `npm start` starts it (infra/src/entries.ts).
    const m = startProcess(name, [serverEntry(DIRS[s])], envOf(s, port), dir, index);
    const list = [...(running.get(s) ?? [])];
    if (slot === undefined) list.push(m);
    else list[slot] = m;
    running.set(s, list);
    await waitUntilReady(`http://127.0.0.1:${port}/readyz`, m, 60_000);
  };
  const start = async (s: ServiceName, index: number) => {
    if (instances === 1 || s === 'gateway') return startOne(s, index, ports[s], label(s));
    // One after the other: the first creates what a new database needs (indexes, keys).
    const own =
      instancePorts.get(s) ?? (await Promise.all(Array.from({ length: instances }, () => freePort())));
    instancePorts.set(s, own);
    for (const [i, port] of own.entries()) await startOne(s, index, port, `${label(s)}#${i + 1}`);
    if (!proxies.has(s))
      proxies.set(
        s,
        await startRoundRobinProxy(
          ports[s],
          own.map((port) => `http://127.0.0.1:${port}`),
        ),
      );
  };

  const stopAll = async () => {
    await Promise.all([...proxies.values()].map((p) => p.stop()));
    proxies.clear();
    await Promise.all([...running.values()].flat().map((m) => stopProcess(m)));
    running.clear();
    await database?.stop();
  };

  try {
    for (const [index, s] of options.services.entries()) {
      if (options.seed) {
        const dir = join(repoRoot, DIRS[s]);
        const { existsSync } = await import('node:fs');
        if (existsSync(seedSource(DIRS[s]))) {
          const m = startProcess(`${label(s)}-seed`, [seedEntry(DIRS[s])], envOf(s), dir, index);
          if ((await m.exited) !== 0) throw new Error(`${s} seed failed`);
        }
      }
      await start(s, index);
    }
  } catch (err) {
    await stopAll();
    throw err;
  }

  const url = (s: ServiceName) => {
    if (!running.has(s) && !options.services.includes(s))
      throw new Error(`${s} is not part of this test hub`);
    return base(s);
  };
  const issuer = () => url('identity');

  const gql: TestHub['gql'] = async (service, query, variables, token) => {
    const res = await fetch(`${url(service)}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    try {
      return JSON.parse(text) as GraphQLBody;
    } catch {
      throw new Error(`${service} answered ${res.status} with non-JSON: ${text.slice(0, 300)}`);
    }
  };

  let bootstrapToken: { value: string; expires: number } | undefined;
  const adminToken = async () => {
    if (!bootstrapToken || bootstrapToken.expires < Date.now() + 30_000) {
      const t = await clientCredentials(issuer(), BOOTSTRAP_ID, bootstrapSecret, [
        'identity:admin',
        'datacenter:read',
        'datacenter:write',
        'personal-data',
        'resources:read',
        'resources:write',
        'resources:review',
        'spaces:read',
        'spaces:write',
      ]);
      bootstrapToken = { value: t.accessToken, expires: Date.now() + t.expiresIn * 1000 };
    }
    return bootstrapToken.value;
  };
  const identityCall = async (query: string, variables: Record<string, unknown>) => {
    const body = await gql('identity', query, variables, await adminToken());
    if (body.errors?.length) throw new Error(`identity refused: ${JSON.stringify(body.errors)}`);
    return body.data!;
  };

  const clients = new Map<string, Promise<{ clientId: string; clientSecret: string }>>();
  const registerServiceClient: TestHub['registerServiceClient'] = (request) => {
    const key = JSON.stringify([request.org, request.region, request.roles, request.scopes, request.name]);
    let entry = clients.get(key);
    if (!entry) {
      entry = identityCall(
        `mutation($input: RegisterClientInput!) { registerClient(input: $input) { client { clientId } clientSecret } }`,
        {
          input: {
            name: request.name ?? `test client ${request.org}`,
            kind: 'SERVICE',
            organization: request.org,
            regionCode: request.region,
            scopes: request.scopes ?? [],
            roles: request.roles ?? [],
          },
        },
      ).then((d) => ({
        clientId: d.registerClient.client.clientId,
        clientSecret: d.registerClient.clientSecret,
      }));
      clients.set(key, entry);
      entry.catch(() => clients.delete(key));
    }
    return entry;
  };

  let portal: Promise<string> | undefined;
  const portalClientId = () =>
    (portal ??= identityCall(
      `mutation($input: RegisterClientInput!) { registerClient(input: $input) { client { clientId } } }`,
      {
        input: {
          name: '测试门户 Test portal',
          kind: 'PORTAL',
          organization: '100000',
          scopes: [
            'datacenter:read',
            'datacenter:write',
            'personal-data',
            'identity:admin',
            'resources:read',
            'resources:write',
            'resources:review',
            'spaces:read',
            'spaces:write',
          ],
          redirectUris: [TEST_PORTAL_REDIRECT],
          postLogoutRedirectUris: [TEST_PORTAL_REDIRECT],
          confidential: false,
          // Registered by the bootstrap (national) client as the hub's own: no consent page.
          firstParty: true,
        },
      },
    ).then((d) => d.registerClient.client.clientId as string));

  const loadSchools = (schools: readonly TestSchool[]) =>
    loadSchoolsIntoDatacenter(
      (query, variables, token) => gql('datacenter', query, variables, token),
      adminToken,
      schools,
    );
  if (options.schools?.length) {
    try {
      await loadSchools(options.schools);
    } catch (err) {
      await stopAll();
      throw err;
    }
  }

  return {
    mongoUri,
    dbPrefix,
    loadSchools,
    urls: Object.fromEntries(options.services.map((s) => [s, base(s)])),
    url,
    registerServiceClient,
    async tokenFor(request) {
      const client = await registerServiceClient(request);
      return (await clientCredentials(issuer(), client.clientId, client.clientSecret, request.scopes ?? []))
        .accessToken;
    },
    async createUser(user) {
      const password = user.password ?? `Pw-${randomBytes(6).toString('hex')}9A`;
      const data = await identityCall(
        `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`,
        {
          input: {
            username: user.username,
            displayName: user.displayName,
            kind: user.kind,
            organization: user.org,
            regionCode: user.region,
            roles: user.roles ?? [],
            password,
            personNumber: user.personNumber,
          },
        },
      );
      return { id: data.createUser.user.id as string, password };
    },
    portalClientId,
    async signIn(username, password, scopes = []) {
      return codeFlow({
        issuer: issuer(),
        clientId: await portalClientId(),
        redirectUri: TEST_PORTAL_REDIRECT,
        username,
        password,
        scope: ['openid', 'profile', ...scopes].join(' '),
      });
    },
    gql,
    pid: (s) => running.get(s)?.[0]?.child.pid,
    databasePid: () => database?.process.pid,
    async kill(s) {
      await Promise.all((running.get(s) ?? []).map((m) => stopProcess(m)));
      running.delete(s);
    },
    async killInstance(s, index, signal = 'SIGTERM') {
      const m = running.get(s)?.[index];
      if (!m) return;
      if (signal === 'SIGTERM') return stopProcess(m);
      m.child.kill('SIGKILL');
      await m.exited;
    },
    async restartInstance(s, index) {
      const port = instancePorts.get(s)?.[index];
      if (port === undefined) throw new Error(`${s} runs no instance ${index}`);
      await startOne(s, options.services.indexOf(s), port, `${label(s)}#${index + 1}`, index);
    },
    proxy: (s) => proxies.get(s),
    async restart(s) {
      await start(s, options.services.indexOf(s));
    },
    stop: stopAll,
  };
}
