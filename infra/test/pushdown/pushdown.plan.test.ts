import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';

const { MongoClient, ObjectId } = mongoose.mongo;

// The SQLite query plan of each pushed-down shape, read through the `explain` command (FerretDB
// runs `EXPLAIN QUERY PLAN` on the same SQL as the query). `SEARCH … USING INDEX <table>_<index>`
// means SQLite reads the index instead of scanning the table (`SCAN`).
describe('embedded database query plans', () => {
  let server: EmbeddedDatabase;
  let client: mongoose.mongo.MongoClient;
  let db: mongoose.mongo.Db;

  beforeAll(async () => {
    server = await startEmbeddedDatabase();
    client = new MongoClient(server.uri, { directConnection: true });
    await client.connect();
    db = client.db('plans');
    const students = db.collection('students');
    await students.insertMany(
      Array.from({ length: 50 }, (_, i) => ({
        nationalId: `3301${i}`,
        countyCode: `33010${i % 5}`,
        name: `学生${i}`,
        birth: new Date(1_200_000_000_000 + i),
        school: { code: `s${i % 3}` },
        grade: i % 6,
        tags: ['a', `t${i}`],
        active: i % 2 === 0,
        classId: new ObjectId(),
      })),
    );
    await students.createIndex({ nationalId: 1 }, { unique: true });
    await students.createIndex({ countyCode: 1, name: 1 });
    await students.createIndex({ 'school.code': 1 });
    await students.createIndex({ grade: 1 });
    await students.createIndex({ tags: 1 });
    await students.createIndex({ birth: 1 });
    await students.createIndex({ active: 1 });
    await students.createIndex({ classId: 1 });
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  async function plan(filter: Record<string, unknown>): Promise<string[]> {
    const res = await db.command({ explain: { find: 'students', filter }, verbosity: 'queryPlanner' });
    return (res.queryPlanner as { Plan: string[] }).Plan.map((line) => line.replace(/^.*detail=/, ''));
  }

  const shapes: [string, Record<string, unknown>, string][] = [
    ['equality on a string field', { nationalId: '33017' }, 'nationalId_1'],
    ['$eq on the first field of a compound index', { countyCode: { $eq: '330102' } }, 'countyCode_1_name_1'],
    ['$in on a string field', { nationalId: { $in: ['33011', '33012', '33013'] } }, 'nationalId_1'],
    ['equality on a dotted field', { 'school.code': 's1' }, 'school.code_1'],
    ['equality on an int32 field', { grade: 3 }, 'grade_1'],
    ['equality on a double equal to an integer', { grade: 3.0 }, 'grade_1'],
    ['equality on an array field', { tags: 't3' }, 'tags_1'],
    ['equality on a date', { birth: new Date(1_200_000_000_004) }, 'birth_1'],
    ['equality on a boolean', { active: true }, 'active_1'],
    ['equality on an ObjectId', { classId: new ObjectId() }, 'classId_1'],
    ['$and of two equalities', { $and: [{ countyCode: '330101' }, { grade: 2 }] }, 'USING INDEX'],
    ['equality on _id', { _id: new ObjectId() }, '_id_'],
    ['a string range', { nationalId: { $gt: '33012', $lte: '33019' } }, 'nationalId_1'],
    ['a string lower bound on a dotted field', { 'school.code': { $gte: 's1' } }, 'school.code_1'],
    ['an ObjectId range', { classId: { $lt: new ObjectId() } }, 'classId_1'],
  ];

  for (const [shape, filter, index] of shapes) {
    it(`reads the index for ${shape}`, async () => {
      const lines = await plan(filter);
      expect(lines.join('\n')).toMatch(/SEARCH .* USING (INDEX|COVERING INDEX)/);
      expect(lines.join('\n')).toContain(index);
      expect(lines.join('\n')).not.toMatch(/^SCAN/m);
    });
  }

  async function pagePlan(filter: Record<string, unknown>, sort: Record<string, 1 | -1>) {
    const res = await db.command({
      explain: { find: 'students', filter, sort, limit: 50 },
      verbosity: 'queryPlanner',
    });
    return ((res.queryPlanner as { sortedPagePlan?: string[] }).sortedPagePlan ?? []).join('\n');
  }

  it('reads a keyset page of one county through the compound index, in its order (no sort of the county)', async () => {
    for (const filter of [
      { countyCode: '330102', name: { $gt: '学生1' } },
      { countyCode: { $eq: '330102' }, name: { $gte: 'A' } },
      { countyCode: '330102' },
    ]) {
      const lines = await pagePlan(filter, { name: 1, _id: 1 });
      expect(lines).toMatch(/SEARCH .* USING INDEX \S*countyCode_1_name_1 \(<expr>=\?/);
      expect(lines).not.toMatch(/TEMP B-TREE/);
    }
    // no equality on the leading field: the single-field page (patch 0006) or the whole sort
    expect(await pagePlan({ countyCode: { $in: ['330102', '330103'] } }, { name: 1, _id: 1 })).not.toContain(
      'countyCode_1_name_1 (<expr>=?',
    );
    expect(await pagePlan({ countyCode: '330102' }, { name: -1, _id: 1 })).toBe('');
  });

  it('scans for shapes that fall back (null, regular expressions, $or)', async () => {
    for (const filter of [
      { nationalId: null },
      { nationalId: /^3301/ },
      { $or: [{ grade: 1 }, { grade: 2 }] },
    ]) {
      expect((await plan(filter)).join('\n')).toMatch(/^SCAN/m);
    }
  });

  it('leaves out an indexed field holding more than 1,000 arrays (orgPath) and reads the selective index instead', async () => {
    const paths = db.collection('paths');
    await paths.insertMany(
      Array.from({ length: 1_100 }, (_, i) => ({
        orgPath: ['100000', '330000', `33010${i % 5}`],
        schoolCode: `s${i % 50}`,
      })),
    );
    await paths.createIndex({ orgPath: 1 });
    await paths.createIndex({ schoolCode: 1 });
    const res = await db.command({
      explain: { find: 'paths', filter: { orgPath: '330102', schoolCode: 's7' } },
      verbosity: 'queryPlanner',
    });
    const lines = (res.queryPlanner as { Plan: string[] }).Plan.join('\n');
    expect(lines).toContain('schoolCode_1');
    expect(lines).not.toContain('orgPath_1');
    expect(await paths.countDocuments({ orgPath: '330102', schoolCode: 's7' })).toBe(22);
  });
});
