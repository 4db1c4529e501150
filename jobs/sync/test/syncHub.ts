import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { generateProvince, writeSeedFiles, type WriteSeedFilesOptions } from '@edugraph/infra';
import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { composeSupergraph, findSubgraphSources } from '@edugraph/gateway/compose';
import { exportRecords } from '../src/export/exportRecords.ts';
import { createHubClient, type HubClient } from '../src/hub/hubClient.ts';
import { clientCredentialsTokenSource } from '../src/hub/tokenSource.ts';
import { kindSpecs, type RecordKind } from '../src/kinds.ts';

/**
 * E2E helpers: a hub (identity, datacenter and the gateway as real processes on a throw-away
 * database) with a registered sync client, the CLI run as a real process against the gateway,
 * and the hub's records read back through the graph.
 */
export const CLI = join(import.meta.dirname, '..', 'src', 'cli.ts');
export const ALL_SCOPES = ['datacenter:read', 'datacenter:write', 'personal-data'];
export const KIND_ORDER: RecordKind[] = ['regions', 'schools', 'classes', 'teachers', 'students', 'assets'];
/** The rostering kinds, after those they refer to. */
export const ROSTER_KINDS: RecordKind[] = ['terms', 'courses', 'enrollments', 'assignments', 'guardians'];

export interface SyncHub {
  hub: TestHub;
  graphqlUrl: string;
  tokenUrl: string;
  credentials: { clientId: string; clientSecret: string };
  /** Environment for the CLI: this hub and its client. */
  env: Record<string, string>;
  /** A client of this hub, in-process (for reading back). */
  client: HubClient;
}

/** The supergraph of the two subgraphs a sync job needs, composed once per test file. */
let supergraphPath: string | undefined;
function supergraph(): string {
  if (supergraphPath) return supergraphPath;
  const names = ['identity', 'datacenter'];
  const composed = composeSupergraph(findSubgraphSources().filter((s) => names.includes(s.name)));
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  // Named by content: every run composing the same SDL shares one file instead of leaving copies.
  const hash = createHash('sha1').update(composed.supergraphSdl).digest('hex').slice(0, 12);
  supergraphPath = join(tmpdir(), `edugraph-sync-supergraph-${hash}.graphql`);
  if (!existsSync(supergraphPath)) {
    // Renamed into place: a gateway of another run never reads half a file.
    const tmp = `${supergraphPath}.${process.pid}.tmp`;
    writeFileSync(tmp, composed.supergraphSdl);
    renameSync(tmp, supergraphPath);
  }
  return supergraphPath;
}

/**
 * The gateway as an operator would set it up for sync jobs: bodies of a full batch of 1000
 * records (about 400 kB) allowed, a rate limit that batches of 25 (the kill test) stay under,
 * and a subgraph timeout long enough for a batch of writes on a loaded machine.
 */
export const SYNC_GATEWAY_ENV = {
  MAX_BODY_BYTES: String(4 << 20),
  RATE_LIMIT: '100000',
  SUBGRAPH_TIMEOUT_MS: '120000',
};

/** `gatewayEnv`: the gateway's settings ({} for its defaults: 1 MB bodies, 600 requests a minute). */
export async function startSyncHub(
  name: string,
  gatewayEnv: Record<string, string> = SYNC_GATEWAY_ENV,
): Promise<SyncHub> {
  const org = '100000';
  const hub = await startTestHub({
    services: ['identity', 'datacenter', 'gateway'],
    name,
    serviceEnv: { gateway: { SUPERGRAPH_PATH: supergraph(), ...gatewayEnv } },
  });
  try {
    const credentials = await hub.registerServiceClient({
      org,
      roles: ['SERVICE'],
      scopes: ALL_SCOPES,
      name: `sync job ${name}`,
    });
    const graphqlUrl = `${hub.url('gateway')}/graphql`;
    const tokenUrl = `${hub.url('identity')}/token`;
    const tokens = clientCredentialsTokenSource({ tokenUrl, ...credentials, scopes: ALL_SCOPES });
    return {
      hub,
      graphqlUrl,
      tokenUrl,
      credentials,
      env: {
        EDUGRAPH_HUB_URL: graphqlUrl,
        EDUGRAPH_TOKEN_URL: tokenUrl,
        EDUGRAPH_CLIENT_ID: credentials.clientId,
        EDUGRAPH_CLIENT_SECRET: credentials.clientSecret,
      },
      client: createHubClient({ url: graphqlUrl, tokens, retries: 2 }),
    };
  } catch (err) {
    await hub.stop();
    throw err;
  }
}

/** The seed generator's files for a province of `students` students. */
export async function seedFiles(
  dir: string,
  students: number,
  options: Omit<WriteSeedFilesOptions, 'out'>,
  seed = 11,
): Promise<Record<RecordKind, string>> {
  const written = await writeSeedFiles(generateProvince({ seed, students }), { out: dir, ...options });
  return Object.fromEntries(written.map((f) => [f.kind, f.path])) as Record<RecordKind, string>;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(
  args: string[],
  env: Record<string, string>,
  cwd: string,
): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    // English messages unless a test asks for another LANG: the tests match the CLI's output.
    env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<CliRun> {
  return startCli(args, env, cwd).done;
}

/** Every record of a kind the hub holds, read through the graph's list query, by natural key. */
export async function readBack(
  client: HubClient,
  kind: RecordKind,
): Promise<Map<string, Record<string, unknown>>> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  await exportRecords({ client, kind, format: 'ndjson', columns: 'english', out, pageSize: 100 });
  const { key } = kindSpecs[kind];
  const map = new Map<string, Record<string, unknown>>();
  for (const line of text.split('\n').filter(Boolean)) {
    const record = JSON.parse(line) as Record<string, unknown>;
    // The graph listing a record twice would be a duplicate the map would otherwise hide.
    if (map.has(String(record[key]))) throw new Error(`the hub lists ${kind} ${String(record[key])} twice`);
    map.set(String(record[key]), record);
  }
  return map;
}

/** The records of an English NDJSON seed file, by natural key. */
export function fileRecords(path: string, key: string): Map<string, Record<string, unknown>> {
  const map = new Map<string, Record<string, unknown>>();
  for (const line of readFileSync(path, 'utf8').split('\n').filter(Boolean)) {
    const record = JSON.parse(line) as Record<string, unknown>;
    map.set(String(record[key]), record);
  }
  return map;
}
