/**
 * Who is asking: built from a verified access token. Every subgraph derives it from the
 * forwarded Authorization header itself (zero trust); resolvers read it from the context.
 */
export interface Caller {
  /** `sub`: the user id, or the client id for client-credentials tokens. */
  subject: string;
  /** The OAuth client the token was issued to. */
  clientId: string | undefined;
  /** `org`: the caller's organization code (a GB/T 2260 region code or a 10-digit school code). */
  organization: string;
  /** `org_path`: codes from the nation down to `organization`, e.g. 100000 → 330000 → 330100 → 330102 → school. */
  orgPath: readonly string[];
  roles: readonly string[];
  scopes: readonly string[];
  /** True for client-credentials tokens (sync jobs, provincial platforms): no end user. */
  isService: boolean;
  /**
   * `person`: a parent account's person number (its guardian record's number in the data
   * center), which User.children and a parent's view of students follow. Parents only.
   */
  personNumber?: string;
  /** `grant_id`: the provider grant (sign-in session) a user's token was issued under. */
  grantId?: string;
}

/** The code of the nation at the top of every organization path. */
export const NATION_CODE = '100000';

/** Role names carried in tokens' `roles` claim. */
export const roles = {
  NATIONAL_ADMIN: 'NATIONAL_ADMIN',
  PROVINCIAL_ADMIN: 'PROVINCIAL_ADMIN',
  CITY_ADMIN: 'CITY_ADMIN',
  COUNTY_ADMIN: 'COUNTY_ADMIN',
  SCHOOL_ADMIN: 'SCHOOL_ADMIN',
  RESOURCE_REVIEWER: 'RESOURCE_REVIEWER',
  TEACHER: 'TEACHER',
  STUDENT: 'STUDENT',
  PARENT: 'PARENT',
  SERVICE: 'SERVICE',
} as const;
export type Role = (typeof roles)[keyof typeof roles];

export const ADMIN_ROLES: readonly Role[] = [
  roles.NATIONAL_ADMIN,
  roles.PROVINCIAL_ADMIN,
  roles.CITY_ADMIN,
  roles.COUNTY_ADMIN,
  roles.SCHOOL_ADMIN,
];

/**
 * OAuth scopes of the hub. A token carries only scopes its client was registered with.
 * `PERSONAL_DATA` unmasks ID numbers, birth dates and phone numbers.
 */
export const scopes = {
  DATACENTER_READ: 'datacenter:read',
  DATACENTER_WRITE: 'datacenter:write',
  PERSONAL_DATA: 'personal-data',
  IDENTITY_ADMIN: 'identity:admin',
  RESOURCES_READ: 'resources:read',
  RESOURCES_WRITE: 'resources:write',
  RESOURCES_REVIEW: 'resources:review',
  SPACES_READ: 'spaces:read',
  SPACES_WRITE: 'spaces:write',
} as const;
export type Scope = (typeof scopes)[keyof typeof scopes];

/**
 * The operator console's OpenID client (public, code + PKCE): identity registers it at start
 * for CONSOLE_URL, and the gateway tells the console its id.
 */
export const CONSOLE_CLIENT_ID = 'edugraph-console';
