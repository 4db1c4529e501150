import { InvalidArgumentError, Option, type Command } from 'commander';
import type { HubAccess, SyncEnv } from '../config.ts';
import { recordKinds, isRecordKind, type RecordKind } from '../kinds.ts';
import { t } from '../messages.ts';

/** What the commands share: exit codes, option parsers, hub access options. */
export const exitCodes = {
  OK: 0,
  /** Some records were rejected (see the error report); the others were imported. */
  REJECTED: 1,
  /** Wrong flags, files or configuration: nothing was sent. */
  USAGE: 2,
  /** The hub or the identity provider refused or stayed unreachable after the retries. */
  HUB: 3,
  /** Stopped by a signal; the checkpoint is saved, run the same command again to resume. */
  INTERRUPTED: 130,
} as const;

export class UsageError extends Error {}

export function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

export function parseKind(value: string): RecordKind {
  if (!isRecordKind(value)) throw new InvalidArgumentError(`expected one of ${recordKinds.join(', ')}`);
  return value;
}

export function parseKinds(value: string): RecordKind[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map(parseKind);
}

/** --hub-url/--token-url/--issuer/--client-id/--client-secret/--token, optionally with a prefix. */
export function addHubOptions(command: Command, side?: 'from' | 'to'): Command {
  const p = side ? `${side}-` : '';
  const which = side === 'from' ? 'of the hub to read from ' : side === 'to' ? 'of the hub to write to ' : '';
  if (!side)
    command.option('--hub <url>', 'GraphQL URL of the hub (gateway or datacenter) [EDUGRAPH_HUB_URL]');
  return command
    .option(`--${p}token-url <url>`, `OAuth token endpoint ${which}[${envName(side, 'TOKEN_URL')}]`)
    .option(
      `--${p}issuer <url>`,
      `identity provider issuer ${which}(token endpoint discovered) [${envName(side, 'ISSUER')}]`,
    )
    .option(`--${p}client-id <id>`, `client id ${which}[${envName(side, 'CLIENT_ID')}]`)
    .addOption(
      new Option(`--${p}client-secret <secret>`, `client secret ${which}[${envName(side, 'CLIENT_SECRET')}]`),
    )
    .option(`--${p}token <token>`, `a ready access token ${which}[${envName(side, 'TOKEN')}]`);
}

function envName(side: 'from' | 'to' | undefined, name: string): string {
  return side === 'from' ? `EDUGRAPH_SOURCE_${name}` : `EDUGRAPH_${name}`;
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Merges flags (e.g. --from-client-id) over environment into what connectHub needs. */
export function hubAccess(
  opts: Record<string, unknown>,
  env: SyncEnv,
  side: 'from' | 'to' | undefined,
  url: string | undefined,
): HubAccess {
  const p = side ? `${side}-` : '';
  const flag = (name: string) => opts[camel(`${p}${name}`)] as string | undefined;
  const fromEnv = (name: keyof SyncEnv & `EDUGRAPH_${string}`) => {
    const sourceName = name.replace('EDUGRAPH_', 'EDUGRAPH_SOURCE_') as keyof SyncEnv;
    return side === 'from' ? env[sourceName] : env[name];
  };
  const hubUrl = url ?? fromEnv('EDUGRAPH_HUB_URL');
  if (!hubUrl) throw new UsageError(t().noHub(side));
  const pick = (name: string, envKey: keyof SyncEnv & `EDUGRAPH_${string}`) => flag(name) ?? fromEnv(envKey);
  const access: HubAccess = { url: hubUrl };
  const tokenUrl = pick('token-url', 'EDUGRAPH_TOKEN_URL');
  const issuer = pick('issuer', 'EDUGRAPH_ISSUER');
  const clientId = pick('client-id', 'EDUGRAPH_CLIENT_ID');
  const clientSecret = pick('client-secret', 'EDUGRAPH_CLIENT_SECRET');
  const token = pick('token', 'EDUGRAPH_TOKEN');
  if (tokenUrl) access.tokenUrl = tokenUrl;
  if (issuer) access.issuer = issuer;
  if (clientId) access.clientId = clientId;
  if (clientSecret) access.clientSecret = clientSecret;
  if (token) access.token = token;
  return access;
}
