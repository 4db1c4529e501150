import { runAuditCommand, scopes } from '@edugraph/shared';
import { readIdentityConfig } from '../config.ts';
import { loadKeys } from '../oidc/keys.ts';
import { createServiceTokenSource } from '../oidc/serviceToken.ts';
import { createOrgTree } from '../orgTree.ts';
import { encryptionKeyRingFrom } from '../encryptionKeyRing.ts';
import { createSecretBox } from '../secretBox.ts';
import { createIdentityStore } from '../store/index.ts';
import { auditOrgPaths, type OrgPathAuditReport } from './orgPaths.ts';

/**
 * `npm run audit:org-paths -w @edugraph/identity [-- --fix] [-- --json]`: compares every user's
 * and client's stored organization path with the data center's (see orgPaths.ts), with the
 * identity service's own environment (MONGODB_URI, EDUGRAPH_DB_PREFIX, DATACENTER_URL,
 * IDENTITY_ISSUER, TOKEN_AUDIENCE). Exit 0: every path agrees; 1: findings (listed, and with
 * --fix the mismatches disabled); 2: the audit could not run (every organization is placed
 * before anything is written, so a data center that fails leaves the records as they were).
 */
const config = readIdentityConfig();
await runAuditCommand({
  service: 'identity',
  usage: 'usage: audit:org-paths [--fix] [--json]',
  config,
  async run(conn, fix) {
    const store = createIdentityStore(conn, {
      accessLogRetentionDays: config.PERSONAL_DATA_LOG_RETENTION_DAYS,
    });
    const keys = await loadKeys(store, createSecretBox(encryptionKeyRingFrom(config).ring));
    const tree = createOrgTree({
      datacenterUrl: config.DATACENTER_URL,
      serviceToken: createServiceTokenSource({
        issuer: config.IDENTITY_ISSUER,
        audience: config.TOKEN_AUDIENCE,
        scope: scopes.DATACENTER_READ,
        signingKey: () => keys.signing[0]!,
      }),
    });
    return auditOrgPaths({ store, tree, fix });
  },
  print(report: OrgPathAuditReport, fix) {
    const { users, clients, organizations } = report.checked;
    console.log(`checked ${users} users and ${clients} clients of ${organizations} organizations`);
    for (const f of report.findings)
      console.log(`${f.action} ${f.kind.toLowerCase()} ${f.id} (${f.name}) ${f.problem}: ${f.reason}`);
    console.log(
      report.findings.length === 0
        ? 'every stored path agrees with the data center'
        : `${report.findings.length} findings, ${report.disabled} disabled${fix ? '' : ' (run with --fix to disable the mismatches)'}`,
    );
  },
});
