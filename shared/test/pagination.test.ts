import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import { closeDatabase, connectDatabase } from '../src/database.ts';
import { encodeCursor, paginate, type AnyModel } from '../src/pagination.ts';

const studentSchema = new mongoose.Schema({ name: String, grade: Number, enrolledAt: Date });

describe('cursor pagination on the embedded database', () => {
  let db: EmbeddedDatabase;
  let conn: Connection;
  let Student: AnyModel;

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    conn = await connectDatabase({ uri: db.uri, dbName: 'pagination_test' });
    Student = conn.model('Student', studentSchema);
    // Grades repeat so that ties on the sort field are broken by _id.
    await Student.insertMany(
      Array.from({ length: 53 }, (_, i) => ({
        name: `学生${String(i).padStart(2, '0')}`,
        grade: (i % 6) + 1,
        enrolledAt: new Date(Date.UTC(2020, 0, 1 + (i % 7))),
      })),
    );
  });
  afterAll(async () => {
    await closeDatabase(conn);
    await db.stop();
  });

  async function walk(sortField: string, direction: 1 | -1, first: number) {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: Awaited<ReturnType<typeof paginate>> = await paginate(
        Student,
        { first, after },
        { sortField, direction },
      );
      seen.push(...page.nodes.map((n) => String(n.name)));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    return { seen, pages };
  }

  it('walks every record exactly once in order, with ties on the sort field', async () => {
    for (const [field, dir] of [
      ['grade', 1],
      ['grade', -1],
      ['enrolledAt', 1],
      ['_id', 1],
    ] as const) {
      const { seen, pages } = await walk(field, dir, 10);
      expect(new Set(seen).size).toBe(53);
      expect(seen).toHaveLength(53);
      expect(pages).toBe(6);
    }
  });

  it('reports the total count on request and a stable end cursor', async () => {
    const page = await paginate(Student, { first: 5 }, { sortField: 'grade', filter: { grade: 3 } });
    expect(await page.totalCount()).toBe(9);
    expect(page.nodes.every((n) => n.grade === 3)).toBe(true);
    expect(page.pageInfo.endCursor).toBe(encodeCursor('grade', page.nodes.at(-1)!));
  });

  it('refuses a page size out of range and a cursor from another list, with codes', async () => {
    await expect(paginate(Student, { first: 0 })).rejects.toMatchObject({
      extensions: { code: 'PAGE_SIZE_OUT_OF_RANGE', max: 100 },
    });
    await expect(paginate(Student, { first: 101 })).rejects.toMatchObject({
      extensions: { code: 'PAGE_SIZE_OUT_OF_RANGE' },
    });
    const other = (await paginate(Student, { first: 1 }, { sortField: 'name' })).pageInfo.endCursor!;
    await expect(paginate(Student, { first: 1, after: other }, { sortField: 'grade' })).rejects.toMatchObject(
      { extensions: { code: 'INVALID_CURSOR' } },
    );
    await expect(paginate(Student, { first: 1, after: 'not-a-cursor' })).rejects.toMatchObject({
      extensions: { code: 'INVALID_CURSOR' },
    });
  });
});
