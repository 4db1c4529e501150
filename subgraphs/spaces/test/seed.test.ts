import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  DEMO_SCHOOL,
  generateProvince,
  seedEntry,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
} from '@edugraph/infra';
import { STUDENT_STATUS_ENROLLED } from '@edugraph/shared';
import { databaseName } from '@edugraph/shared';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
// From its bundle while fresh, as the launcher runs it.
const SEED = seedEntry('subgraphs/spaces');
const SIZE = { SEED: '7', SEED_STUDENTS: '2000' };

describe('demo seed', () => {
  let db: EmbeddedDatabase;
  let client: Connection;
  const env = () => ({
    ...process.env,
    ...SIZE,
    MONGODB_URI: db.uri,
    EDUGRAPH_DB_PREFIX: 'spacesseed',
    LOG_LEVEL: 'warn',
  });
  const counts = async () => {
    const d = client.useDb(databaseName('spacesseed', 'spaces'));
    return Object.fromEntries(
      await Promise.all(
        ['spaces', 'memberships', 'posts', 'comments'].map(async (c) => [
          c,
          await d.collection(c).countDocuments(),
        ]),
      ),
    ) as Record<string, number>;
  };
  beforeAll(async () => {
    db = await startEmbeddedDatabase({ port: 0 });
    client = await mongoose.createConnection(db.uri).asPromise();
    await run(process.execPath, [SEED], { env: env() });
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await db?.stop();
  });

  it('opens spaces near the targets: 80 % of teachers, half of the secondary students', async () => {
    const province = generateProvince({ seed: SIZE.SEED, students: Number(SIZE.SEED_STUDENTS) });
    const spaces = client.useDb(databaseName('spacesseed', 'spaces')).collection('spaces');
    const teacherSpaces = await spaces.countDocuments({ kind: 'PERSONAL', ownerKind: 'TEACHER' });
    const active = [...province.teachers()].filter((t) => t.employmentStatus === 'ACTIVE').length;
    const ratio = teacherSpaces / active;
    expect(ratio).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(0.92);
    const grades = new Map([...province.classes()].map((c) => [c.code, c.grade]));
    const secondary = [...province.students()].filter(
      (s) => s.status === STUDENT_STATUS_ENROLLED && (grades.get(s.classCode) ?? 0) >= 7,
    ).length;
    const secondaryRatio =
      (await spaces.countDocuments({ ownerKind: 'STUDENT', secondary: true })) / secondary;
    expect(secondaryRatio).toBeGreaterThan(0.38);
    expect(secondaryRatio).toBeLessThan(0.65);
    expect(await spaces.countDocuments({ kind: 'SCHOOL' })).toBe(province.counts.schools);
    expect(await spaces.countDocuments({ kind: 'CLASS' })).toBe(province.counts.classes);
    // The demo accounts (the demo school's first teacher and student) find their spaces.
    const first = [...province.teachers()].find((t) => t.schoolCode === DEMO_SCHOOL.code)!;
    expect(await spaces.findOne({ personNumber: first.staffNumber })).toMatchObject({
      title: first.name,
      ownerKind: 'TEACHER',
    });
  });

  it('writes Chinese posts, growth records with teachers’ comments and 教研组', async () => {
    const d = client.useDb(databaseName('spacesseed', 'spaces'));
    expect(await d.collection('posts').countDocuments({ kind: 'GROWTH_RECORD' })).toBeGreaterThan(50);
    expect(await d.collection('comments').countDocuments({ byTeacher: true })).toBeGreaterThan(10);
    expect(await d.collection('spaces').countDocuments({ kind: 'GROUP' })).toBeGreaterThan(0);
    const post = await d.collection('posts').findOne({ kind: 'POST' });
    expect(post?.text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('adds nothing when run again', async () => {
    const before = await counts();
    await run(process.execPath, [SEED], { env: env() });
    expect(await counts()).toEqual(before);
  }, 60_000);
});
