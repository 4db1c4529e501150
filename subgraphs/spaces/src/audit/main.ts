import { closeDatabase, connectServiceDatabase, createLogger } from '@edugraph/shared';
import { readSpacesAuditConfig } from '../config.ts';
import { createDatacenterClient } from '../peers.ts';
import { spacesModels } from '../server.ts';
import { auditSpaceOrgPaths, type SpacePathAuditReport } from './orgPaths.ts';

/**
 * `AUDIT_TOKEN=… npm run audit:org-paths -w @edugraph/spaces [-- --fix] [-- --json]`: compares
 * the path of every school, class and personal space with the data center's place of its
 * school (see orgPaths.ts), with the spaces service's environment (MONGODB_URI,
 * EDUGRAPH_DB_PREFIX, DATACENTER_URL) and a bearer token with `datacenter:read` (AUDIT_TOKEN).
 * Exit 0: every path agrees; 1: findings (with --fix the mismatches moved); 2: the audit could
 * not run (every school is placed before anything is written).
 */
const USAGE = 'usage: AUDIT_TOKEN=<token with datacenter:read> audit:org-paths [--fix] [--json]';
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--fix' && a !== '--json');
if (unknown.length) {
  console.error(`unknown argument ${unknown.join(' ')}; ${USAGE}`);
  process.exit(2);
}
const fix = args.includes('--fix');

function print(report: SpacePathAuditReport): void {
  console.log(`checked ${report.checked.spaces} spaces of ${report.checked.schools} schools`);
  for (const f of report.findings)
    console.log(
      `${f.action} ${f.kind.toLowerCase()} space ${f.spaceId} (${f.key}, “${f.title}”) ${f.problem}: ${f.reason}`,
    );
  console.log(
    report.findings.length === 0
      ? 'every stored path agrees with the data center'
      : `${report.findings.length} findings, ${report.moved} moved${fix ? '' : ' (run with --fix to move the mismatches)'}`,
  );
}

const config = readSpacesAuditConfig();
// Logs go to stderr: stdout holds the report (one JSON document with --json).
const logger = createLogger({
  service: 'spaces-audit',
  level: config.LOG_LEVEL,
  destination: process.stderr,
});
const conn = await connectServiceDatabase('spaces', config, logger);
let exitCode: number;
try {
  const report = await auditSpaceOrgPaths({
    conn,
    models: spacesModels(conn),
    datacenter: createDatacenterClient(config.DATACENTER_URL, logger),
    token: config.AUDIT_TOKEN,
    fix,
  });
  if (args.includes('--json')) console.log(JSON.stringify(report));
  else print(report);
  exitCode = report.findings.length ? 1 : 0;
} catch (err) {
  console.error(`the audit stopped: ${(err as Error).message}`);
  exitCode = 2;
} finally {
  await closeDatabase(conn);
}
process.exit(exitCode);
