/**
 * The demo's accounts and clients (identity seeds them, the launcher prints them). Demo only:
 * the password and secret below are public; never seed them into a real deployment.
 */
export const DEMO_PASSWORD = 'Demo-2026-edu';

export interface DemoAccount {
  username: string;
  displayName: string;
  who: string;
  kind: 'TEACHER' | 'STUDENT' | 'PARENT' | 'ADMINISTRATOR';
  org: string;
  /** The county of a school organization. */
  region?: string;
  roles: string[];
  /**
   * Linked to the first teacher or student of the demo school in the generated data, or (a
   * parent) to the first guardian there: the guardian of the first student.
   */
  link?: 'firstTeacher' | 'firstStudent' | 'firstGuardian';
}

/** The demo school: the first school the generator makes (杭州市上城区实验小学). */
export const DEMO_SCHOOL = { code: '2133000001', region: '330102' } as const;

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'nation.admin',
    displayName: '全国管理员',
    who: 'national administrator',
    kind: 'ADMINISTRATOR',
    org: '100000',
    roles: ['NATIONAL_ADMIN'],
  },
  {
    username: 'zj.admin',
    displayName: '浙江省管理员',
    who: 'provincial administrator (浙江)',
    kind: 'ADMINISTRATOR',
    org: '330000',
    roles: ['PROVINCIAL_ADMIN'],
  },
  {
    username: 'zj.reviewer',
    displayName: '浙江省资源审核员',
    who: 'provincial resource reviewer',
    kind: 'ADMINISTRATOR',
    org: '330000',
    roles: ['RESOURCE_REVIEWER'],
  },
  {
    username: 'hz.admin',
    displayName: '杭州市管理员',
    who: 'city administrator (杭州)',
    kind: 'ADMINISTRATOR',
    org: '330100',
    roles: ['CITY_ADMIN'],
  },
  {
    username: 'sc.admin',
    displayName: '上城区管理员',
    who: 'county administrator (上城区)',
    kind: 'ADMINISTRATOR',
    org: '330102',
    roles: ['COUNTY_ADMIN'],
  },
  {
    username: 'school.admin',
    displayName: '实验小学管理员',
    who: 'school administrator',
    kind: 'ADMINISTRATOR',
    org: DEMO_SCHOOL.code,
    region: DEMO_SCHOOL.region,
    roles: ['SCHOOL_ADMIN'],
  },
  {
    username: 'demo.teacher',
    displayName: '(first teacher)',
    who: 'teacher',
    kind: 'TEACHER',
    org: DEMO_SCHOOL.code,
    region: DEMO_SCHOOL.region,
    roles: ['TEACHER'],
    link: 'firstTeacher',
  },
  {
    username: 'demo.student',
    displayName: '(first student)',
    who: 'student',
    kind: 'STUDENT',
    org: DEMO_SCHOOL.code,
    region: DEMO_SCHOOL.region,
    roles: ['STUDENT'],
    link: 'firstStudent',
  },
  {
    username: 'demo.parent',
    displayName: '学生家长',
    who: 'parent',
    kind: 'PARENT',
    org: DEMO_SCHOOL.code,
    region: DEMO_SCHOOL.region,
    roles: ['PARENT'],
    link: 'firstGuardian',
  },
];

export const DEMO_CLIENTS = {
  portal: {
    clientId: 'demo-portal',
    name: '演示学校门户 Demo school portal',
    redirectUris: ['http://127.0.0.1:3000/callback', 'http://localhost:3000/callback'],
  },
  sync: {
    clientId: 'demo-sync',
    clientSecret: 'demo-sync-secret-not-for-production',
    name: '浙江省数据同步 Demo sync job',
    org: '330000',
  },
  platform: {
    clientId: 'demo-platform-zj',
    clientSecret: 'demo-platform-secret-not-for-production',
    name: '浙江省教育资源平台 Demo provincial platform',
    org: '330000',
  },
} as const;
