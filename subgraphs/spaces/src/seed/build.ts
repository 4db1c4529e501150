import type { GeneratedProvince, Rng } from '@edugraph/infra';
import { STUDENT_STATUS_ENROLLED, type StudentRecord, type TeacherRecord } from '@edugraph/shared';
import type { Types } from 'mongoose';
import { isSecondary, newPostFields, spaceIndexFields } from '../store/index.ts';
import {
  classPosts,
  groupSubjects,
  growthRecords,
  links,
  sample,
  schoolNotices,
  studentComments,
  teacherGrowthComments,
  teacherReflections,
} from './content.ts';

export interface DemoSpacesOptions {
  province: GeneratedProvince;
  rng: Rng;
  demoSchool: string;
  now: number;
  idOf: (key: string) => Types.ObjectId;
  pathOf: (org: string, region?: string) => string[];
  memberKeyOf: (personNumber: string) => string;
}

type Doc = Record<string, unknown> & { _id: Types.ObjectId };

/** Builds the demo documents in memory (a few thousand for the default 3,000 students). */
export function buildDemoSpaces(o: DemoSpacesOptions) {
  const { rng } = o;
  const spaces: Doc[] = [];
  const memberships: Doc[] = [];
  const posts: Doc[] = [];
  const comments: Doc[] = [];
  const at = (maxDaysAgo: number) => new Date(o.now - rng.int(1, maxDaysAgo * 24) * 3_600_000);

  const space = (key: string, fields: Record<string, unknown>) => {
    const created = at(120);
    const doc: Doc = {
      _id: o.idOf(`space:${key}`),
      key,
      description: '',
      schoolCode: null,
      classCode: null,
      grade: null,
      ownerKind: null,
      secondary: false,
      openedBy: 'seed',
      createdAt: created,
      updatedAt: created,
      ...fields,
    };
    Object.assign(doc, spaceIndexFields(doc as unknown as Parameters<typeof spaceIndexFields>[0]));
    spaces.push(doc);
    return doc;
  };
  const member = (s: Doc, personNumber: string, displayName: string, role: string) =>
    memberships.push({
      _id: o.idOf(`member:${s._id.toString()}:${personNumber}`),
      spaceId: s._id.toString(),
      memberKey: o.memberKeyOf(personNumber),
      userId: null,
      personNumber,
      displayName,
      role,
      spaceKind: s.kind,
      createdAt: s.createdAt,
      updatedAt: s.createdAt,
    });
  const post = (s: Doc, author: { number: string | null; name: string }, fields: Record<string, unknown>) => {
    const created = at(60);
    const doc: Doc = {
      _id: o.idOf(`post:${s._id.toString()}:${posts.length}`),
      spaceId: s._id.toString(),
      orgPath: s.orgPath,
      kind: 'POST',
      authorId: null,
      authorPersonNumber: author.number,
      authorName: author.name,
      text: '',
      attachments: [],
      resourceId: null,
      growthCategory: null,
      hidden: false,
      hiddenBy: null,
      hiddenReason: null,
      editedAt: null,
      createdAt: created,
      updatedAt: created,
      ...fields,
    };
    // The same index fields as a post written through the graph (store/indexFields.ts).
    const { feedKey, provinceCode, cityCode, countyCode, schoolCode } = newPostFields(
      doc.orgPath as string[],
      doc.createdAt as Date,
      doc._id,
    );
    Object.assign(doc, { feedKey, provinceCode, cityCode, countyCode, schoolCode });
    posts.push(doc);
    return doc;
  };
  const comment = (p: Doc, author: { number: string; name: string }, text: string, byTeacher: boolean) => {
    const created = new Date((p.createdAt as Date).getTime() + rng.int(1, 48) * 3_600_000);
    comments.push({
      _id: o.idOf(`comment:${p._id.toString()}:${comments.length}`),
      postId: p._id.toString(),
      spaceId: p.spaceId,
      orgPath: p.orgPath,
      authorId: null,
      authorPersonNumber: author.number,
      authorName: author.name,
      byTeacher,
      text,
      hidden: false,
      hiddenBy: null,
      editedAt: null,
      createdAt: created,
      updatedAt: created,
    });
  };

  // Schools and classes.
  const schoolSpaces = new Map<string, { space: Doc; path: string[]; region: string; principal: string }>();
  for (const school of o.province.schools()) {
    const path = o.pathOf(school.code, school.regionCode);
    const s = space(`school:${school.code}`, {
      kind: 'SCHOOL',
      title: school.name,
      visibility: 'PUBLIC',
      orgPath: path,
      schoolCode: school.code,
    });
    schoolSpaces.set(school.code, { space: s, path, region: school.regionCode, principal: school.principal });
    for (const text of sample(rng, schoolNotices, 2))
      post(s, { number: null, name: `${school.principal}（校长）` }, { text });
  }
  const classSpaces = new Map<string, { space: Doc; grade: number; head: string | null }>();
  for (const c of o.province.classes()) {
    const school = schoolSpaces.get(c.schoolCode)!;
    const s = space(`class:${c.code}`, {
      kind: 'CLASS',
      title: c.name,
      visibility: 'MEMBERS',
      orgPath: school.path,
      schoolCode: c.schoolCode,
      classCode: c.code,
      grade: c.grade,
    });
    classSpaces.set(c.code, { space: s, grade: c.grade, head: c.headTeacherStaffNumber });
  }

  // Teachers: about 80 %, varying by county; the demo school's first teacher always.
  const countyRate = new Map<string, { teachers: number; secondary: number }>();
  const rateOf = (region: string) => {
    let r = countyRate.get(region);
    if (!r)
      countyRate.set(
        region,
        (r = { teachers: 0.68 + rng.next() * 0.27, secondary: 0.38 + rng.next() * 0.26 }),
      );
    return r;
  };
  const teachers = new Map<string, { record: TeacherRecord; space: Doc | null }>();
  let demoTeacherDone = false;
  for (const t of o.province.teachers()) {
    const school = schoolSpaces.get(t.schoolCode)!;
    const demo: boolean = !demoTeacherDone && t.schoolCode === o.demoSchool;
    demoTeacherDone ||= demo;
    let s: Doc | null = null;
    if (demo || (t.employmentStatus === 'ACTIVE' && rng.chance(rateOf(school.region).teachers))) {
      s = space(`person:${t.staffNumber}`, {
        kind: 'PERSONAL',
        title: t.name,
        visibility: 'SCHOOL',
        orgPath: school.path,
        schoolCode: t.schoolCode,
        personNumber: t.staffNumber,
        ownerKind: 'TEACHER',
      });
      member(s, t.staffNumber, t.name, 'OWNER');
      member(school.space, t.staffNumber, t.name, 'MEMBER');
      if (rng.chance(0.5))
        post(
          s,
          { number: t.staffNumber, name: t.name },
          {
            text: rng.pick(teacherReflections),
            attachments: rng.chance(0.3) ? [{ kind: 'LINK', resourceId: null, ...rng.pick(links) }] : [],
          },
        );
    }
    teachers.set(t.staffNumber, { record: t, space: s });
  }

  // Head teachers manage their classes and write in them.
  const pupilsByClass = new Map<string, { number: string; name: string }[]>();
  for (const [, c] of classSpaces) {
    const head = c.head ? teachers.get(c.head) : undefined;
    if (!head) continue;
    member(c.space, head.record.staffNumber, head.record.name, 'MANAGER');
    for (const text of sample(rng, classPosts, rng.int(2, 4)))
      post(
        c.space,
        { number: head.record.staffNumber, name: head.record.name },
        {
          text,
          attachments: rng.chance(0.25) ? [{ kind: 'LINK', resourceId: null, ...rng.pick(links) }] : [],
        },
      );
  }

  // Students: about half of secondary students, fewer in primary schools; the demo student always.
  let demoStudentDone = false;
  for (const st of o.province.students() as Generator<StudentRecord>) {
    if (st.status !== STUDENT_STATUS_ENROLLED) continue;
    const cls = classSpaces.get(st.classCode);
    const school = schoolSpaces.get(st.schoolCode);
    if (!cls || !school) continue;
    const secondary = isSecondary(st.schoolCode, cls.grade);
    const demo: boolean = !demoStudentDone && st.schoolCode === o.demoSchool;
    demoStudentDone ||= demo;
    if (!demo && !rng.chance(secondary ? rateOf(school.region).secondary : 0.25)) continue;
    const s = space(`person:${st.registryNumber}`, {
      kind: 'PERSONAL',
      title: st.name,
      visibility: 'MEMBERS',
      orgPath: school.path,
      schoolCode: st.schoolCode,
      personNumber: st.registryNumber,
      ownerKind: 'STUDENT',
      secondary,
    });
    member(s, st.registryNumber, st.name, 'OWNER');
    member(cls.space, st.registryNumber, st.name, 'MEMBER');
    const pupil = { number: st.registryNumber, name: st.name };
    pupilsByClass.set(st.classCode, [...(pupilsByClass.get(st.classCode) ?? []), pupil]);
    const head = cls.head ? teachers.get(cls.head)?.record : undefined;
    for (const category of sample(rng, Object.keys(growthRecords), rng.int(0, 2))) {
      const entry = post(s, pupil, {
        kind: 'GROWTH_RECORD',
        growthCategory: category,
        text: rng.pick(growthRecords[category]!),
      });
      if (head && rng.chance(0.5))
        comment(entry, { number: head.staffNumber, name: head.name }, rng.pick(teacherGrowthComments), true);
    }
  }
  const classBySpace = new Map([...classSpaces.values()].map((c) => [c.space._id.toString(), c]));
  for (const p of posts) {
    const cls = classBySpace.get(p.spaceId as string);
    if (!cls) continue;
    const pupils = pupilsByClass.get(cls.space.classCode as string) ?? [];
    for (const pupil of sample(rng, pupils, rng.int(0, 3)))
      comment(p, pupil, rng.pick(studentComments), false);
  }

  // 教研组: per county and subject, the teachers with spaces who teach it.
  const bySubject = new Map<string, { record: TeacherRecord; region: string }[]>();
  for (const { record, space: s } of teachers.values()) {
    if (!s) continue;
    const region = schoolSpaces.get(record.schoolCode)!.region;
    for (const subject of record.subjects.filter((x) => groupSubjects.includes(x))) {
      const key = `${region}:${subject}`;
      bySubject.set(key, [...(bySubject.get(key) ?? []), { record, region }]);
    }
  }
  for (const [key, group] of bySubject) {
    if (group.length < 3) continue;
    const [region, subject] = key.split(':') as [string, string];
    const g = space(`group:${key}`, {
      kind: 'GROUP',
      title: `${subject}学科教研组（${region}）`,
      visibility: 'MEMBERS',
      orgPath: o.pathOf(region),
    });
    group.forEach((m, i) => member(g, m.record.staffNumber, m.record.name, i === 0 ? 'OWNER' : 'MEMBER'));
    const lead = group[0]!.record;
    post(
      g,
      { number: lead.staffNumber, name: lead.name },
      { text: `${subject}教研活动：本周四下午集体备课，请各校老师带好单元教学设计。` },
    );
  }
  return { spaces, memberships, posts, comments };
}
