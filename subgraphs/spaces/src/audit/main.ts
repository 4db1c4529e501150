import { runAuditCommand } from '@edugraph/shared';
import { readSpacesAuditConfig } from '../config.ts';
import { createDatacenterClient } from '../peers.ts';
import { createStore } from '../store/index.ts';
import { auditSpaceOrgPaths, type SpacePathAuditReport } from './orgPaths.ts';

/**
 * `AUDIT_TOKEN=… npm run audit:org-paths -w @edugraph/spaces [-- --fix] [-- --json]`: compares
 * the path of every school, class and personal space with the data center's place of its
 * school (see orgPaths.ts), with the spaces service's environment (MONGODB_URI,
 * EDUGRAPH_DB_PREFIX, DATACENTER_URL) and a bearer token with `datacenter:read` (AUDIT_TOKEN).
 * Exit 0: every path agrees; 1: findings (with --fix the mismatches moved); 2: the audit could
 * not run (every school is placed before anything is written).
 */
const config = readSpacesAuditConfig();
await runAuditCommand({
  service: 'spaces',
  usage: 'usage: AUDIT_TOKEN=<token with datacenter:read> audit:org-paths [--fix] [--json]',
  config,
  run: (conn, fix, logger) =>
    auditSpaceOrgPaths({
      store: createStore(conn),
      datacenter: createDatacenterClient(config.DATACENTER_URL, logger),
      token: config.AUDIT_TOKEN,
      fix,
    }),
  print(report: SpacePathAuditReport, fix) {
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
  },
});
