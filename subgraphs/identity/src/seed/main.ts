import {
  DEMO_ACCOUNTS,
  DEMO_CLIENTS,
  DEMO_PASSWORD,
  DEMO_SCHOOL,
  generateProvince,
  guardianNumberOf,
} from '@edugraph/infra';
import {
  checkOrgPath,
  closeDatabase,
  connectServiceDatabase,
  createLogger,
  loadConfig,
  scopes,
  seedConfigFields,
} from '@edugraph/shared';
import { identityConfigFields } from '../config.ts';
import { clientModel } from '../store/client.ts';
import { createIdentityStore } from '../store/index.ts';
import { userIndexFields, userModel } from '../store/user.ts';
import { recountUsers } from '../store/userCounters.ts';
import { hashPassword } from '../passwords.ts';

/**
 * The launcher's demo identities: one account per role and level, a school portal client
 * and service clients (see DEMO_* in infra/src/seed/demo.ts). Idempotent: existing accounts
 * and clients are left as they are.
 */
const config = loadConfig('identity-seed', identityConfigFields.extend(seedConfigFields));
const logger = createLogger({ service: 'identity-seed', level: config.LOG_LEVEL });
const conn = await connectServiceDatabase('identity', config, logger);
const users = userModel(conn);
const clients = clientModel(conn);
await Promise.all([users.init(), clients.init()]);

/** The demo school's first teacher and first student in the generated data, for linked accounts. */
function firstPeople() {
  const province = generateProvince({ seed: config.SEED, students: config.SEED_STUDENTS });
  let teacher;
  for (const t of province.teachers())
    if (t.schoolCode === DEMO_SCHOOL.code) {
      teacher = t;
      break;
    }
  let student;
  for (const s of province.students())
    if (s.schoolCode === DEMO_SCHOOL.code) {
      student = s;
      break;
    }
  return { teacher, student };
}

const people = firstPeople();
const hash = await hashPassword(DEMO_PASSWORD);
let created = 0;
for (const account of DEMO_ACCOUNTS) {
  const path = checkOrgPath(account.org, account.region);
  if (!path.ok) throw new Error(`demo account ${account.username}: ${path.reason}`);
  const person =
    account.link === 'firstTeacher'
      ? people.teacher
      : account.link === 'firstStudent'
        ? people.student
        : undefined;
  const personNumber =
    account.link === 'firstGuardian'
      ? guardianNumberOf(DEMO_SCHOOL.code, 1)
      : person && ('staffNumber' in person ? person.staffNumber : person.registryNumber);
  const result = await users.updateOne(
    { username: account.username },
    {
      $setOnInsert: {
        username: account.username,
        displayName: person?.name ?? account.displayName,
        kind: account.kind,
        organization: account.org,
        orgPath: path.value,
        ...userIndexFields({
          orgPath: path.value,
          displayName: person?.name ?? account.displayName,
          username: account.username,
        }),
        roles: account.roles,
        passwordHash: hash,
        ...(personNumber ? { personNumber } : {}),
      },
    },
    { upsert: true },
  );
  created += result.upsertedCount;
}
// The users' counters (store/userCounters.ts) of the accounts this run added.
if (created > 0)
  await recountUsers(
    createIdentityStore(conn, { accessLogRetentionDays: config.PERSONAL_DATA_LOG_RETENTION_DAYS }),
  );

const allScopes = Object.values(scopes);
const zj = checkOrgPath('330000');
const clientDocs = [
  {
    clientId: DEMO_CLIENTS.portal.clientId,
    clientSecret: null,
    name: DEMO_CLIENTS.portal.name,
    kind: 'PORTAL',
    organization: '100000',
    orgPath: ['100000'],
    scopes: allScopes,
    roles: [],
    redirectUris: DEMO_CLIENTS.portal.redirectUris,
    postLogoutRedirectUris: DEMO_CLIENTS.portal.redirectUris,
    // The hub's own demo portal, set up by the operator: first-party (no consent page).
    firstParty: true,
    firstPartyBy: 'seed',
  },
  {
    clientId: DEMO_CLIENTS.sync.clientId,
    clientSecret: DEMO_CLIENTS.sync.clientSecret,
    name: DEMO_CLIENTS.sync.name,
    kind: 'SERVICE',
    organization: DEMO_CLIENTS.sync.org,
    orgPath: zj.ok ? zj.value : [],
    scopes: [scopes.DATACENTER_READ, scopes.DATACENTER_WRITE, scopes.PERSONAL_DATA, scopes.RESOURCES_READ],
    roles: ['SERVICE'],
  },
  {
    clientId: DEMO_CLIENTS.platform.clientId,
    clientSecret: DEMO_CLIENTS.platform.clientSecret,
    name: DEMO_CLIENTS.platform.name,
    kind: 'SERVICE',
    organization: DEMO_CLIENTS.platform.org,
    orgPath: zj.ok ? zj.value : [],
    scopes: [scopes.DATACENTER_READ, scopes.RESOURCES_READ, scopes.SPACES_READ],
    roles: ['SERVICE', 'PROVINCIAL_ADMIN'],
  },
];
for (const { firstParty = false, firstPartyBy = null, ...doc } of clientDocs) {
  // Set on every run: a database of an older version had every portal first-party.
  const result = await clients.updateOne(
    { clientId: doc.clientId },
    { $setOnInsert: doc, $set: { firstParty, firstPartyBy } },
    { upsert: true },
  );
  created += result.upsertedCount;
}
logger.info({ created }, created ? 'demo identities seeded' : 'demo identities already present');
await closeDatabase(conn);
