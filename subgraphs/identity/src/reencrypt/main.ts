import { parseArgs } from 'node:util';
import { closeDatabase, connectServiceDatabase, createLogger } from '@edugraph/shared';
import { readIdentityConfig } from '../config.ts';
import { encryptionKeyRingFrom } from '../encryptionKeyRing.ts';
import { createSecretBox } from '../secretBox.ts';
import { createIdentityStore } from '../store/index.ts';
import { reencryptSecrets, type FieldReport, type ReencryptReport } from './reencrypt.ts';

/**
 * `npm run reencrypt -w @edugraph/identity [-- --check] [--batch-size N] [--pause-ms N] [--json]`:
 * rewrites every secret identity encrypts at rest under IDENTITY_ENCRYPTION_KEY, opening the
 * old ones with IDENTITY_ENCRYPTION_PREVIOUS_KEYS (the identity service's own environment).
 * Safe while the service runs, and to interrupt and run again. Progress goes to stderr, the
 * report to stdout. Exit 0: every value is under the current key; 1 (`--check`): some are not
 * yet; 2: refused (a value's key is not in the ring, each listed by record and field; nothing
 * written), bad arguments, or the command could not run.
 */
const USAGE = 'usage: reencrypt [--check] [--batch-size N] [--pause-ms N] [--json]';

function readArgs() {
  try {
    const { values } = parseArgs({
      options: {
        check: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        'batch-size': { type: 'string', default: '500' },
        'pause-ms': { type: 'string', default: '0' },
      },
    });
    const batchSize = Number(values['batch-size']);
    const pauseMs = Number(values['pause-ms']);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
      throw new Error('--batch-size must be a whole number from 1 to 10000');
    if (!Number.isInteger(pauseMs) || pauseMs < 0) throw new Error('--pause-ms must be a whole number ≥ 0');
    return { check: values.check, json: values.json, batchSize, pauseMs };
  } catch (err) {
    console.error(`${(err as Error).message}; ${USAGE}`);
    process.exit(2);
  }
}

const keyCounts = (f: FieldReport) =>
  Object.entries(f.byKey)
    .map(([key, n]) => `${n} under ${key}`)
    .join(', ') || 'none';

function print(report: ReencryptReport, check: boolean) {
  for (const f of report.fields) console.log(`${f.field}: ${f.total} values (${keyCounts(f)})`);
  for (const u of report.findings) console.log(`refused: ${u.record}, field ${u.field}: ${u.reason}`);
  if (report.findings.length) {
    console.log(`${report.findings.length} values do not open with the key ring: nothing was re-encrypted`);
    return;
  }
  const done = report.fields.reduce((n, f) => n + f.reencrypted, 0);
  const meanwhile = report.fields.reduce((n, f) => n + f.changedMeanwhile, 0);
  if (!check)
    console.log(
      `re-encrypted ${done} values under key ${report.keyId}` +
        (meanwhile ? ` (${meanwhile} more were rewritten by the service meanwhile)` : '') +
        (report.plaintextEncrypted ? `; ${report.plaintextEncrypted} plain-text keys encrypted` : ''),
    );
  console.log(
    report.remaining === 0
      ? `every value is under key ${report.keyId}: the previous keys can be dropped`
      : `${report.remaining} values are not under key ${report.keyId} yet${check ? ' (run without --check)' : ''}`,
  );
}

const args = readArgs();
function readConfig() {
  try {
    return readIdentityConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
}

const config = readConfig();
const logger = createLogger({
  service: 'identity-reencrypt',
  level: config.LOG_LEVEL,
  destination: process.stderr,
});
const { ring } = encryptionKeyRingFrom(config);
let exitCode = 2;
let conn: Awaited<ReturnType<typeof connectServiceDatabase>> | undefined;
try {
  conn = await connectServiceDatabase('identity', config, logger);
  const store = createIdentityStore(conn, {
    accessLogRetentionDays: config.PERSONAL_DATA_LOG_RETENTION_DAYS,
  });
  console.error(
    `key ring: current ${ring.current.id}, previous ${ring.previous.map((k) => k.id).join(', ') || 'none'}`,
  );
  const report = await reencryptSecrets({
    store,
    box: createSecretBox(ring),
    batchSize: args.batchSize,
    pauseMs: args.pauseMs,
    checkOnly: args.check,
    onProgress: (f, checked) =>
      console.error(`${f.field}: ${checked} of ${f.total} checked, ${f.reencrypted} re-encrypted`),
  });
  if (args.json) console.log(JSON.stringify(report));
  else print(report, args.check);
  exitCode = report.findings.length ? 2 : report.remaining ? 1 : 0;
} catch (err) {
  console.error(`re-encryption stopped: ${(err as Error).message}`);
} finally {
  if (conn) await closeDatabase(conn);
}
process.exit(exitCode);
