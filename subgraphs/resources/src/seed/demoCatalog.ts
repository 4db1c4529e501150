import { createHash } from 'node:crypto';
import { createRng, generateProvince, type Rng } from '@edugraph/infra';
import { NATION_CODE } from '@edugraph/shared';
import { gradeLabel, resourceKinds, subjects, type ResourceKind } from '../catalog.ts';
import { recordId } from '../store/ids.ts';
import type { HistoryStep } from '../store/resource.ts';
import { listKeys } from '../store/listKeys.ts';
import { defaultAudience, originLevelOf } from '../access.ts';
import { topicBanks, type TopicBank } from './topics.ts';

/**
 * The demo catalog: a few hundred resources with Chinese titles across stages, subjects and
 * grades, owned by the nation, the demo province (浙江省) and a few of its schools (the same
 * schools the datacenter seeds, from the same generator, seed and size). Deterministic: the same
 * settings give the same records, keyed by stable ids.
 */
export interface DemoProvider {
  key: string;
  kind: 'ORGANIZATION' | 'TEACHER' | 'COMPANY';
  name: string;
  organization: string | null;
  creditCode: string | null;
}

const FORMAT: Record<ResourceKind, string> = {
  COURSEWARE: 'pptx',
  VIDEO: 'mp4',
  LESSON_PLAN: 'docx',
  EXERCISE_SET: 'pdf',
  E_TEXTBOOK: 'pdf',
  MICRO_LESSON: 'mp4',
  SIMULATION: 'html',
};

const TITLE: Record<ResourceKind, (topic: string) => string> = {
  COURSEWARE: (t) => `《${t}》教学课件`,
  VIDEO: (t) => `${t} 名师课堂实录`,
  LESSON_PLAN: (t) => `《${t}》教学设计`,
  EXERCISE_SET: (t) => `${t} 课后分层练习`,
  E_TEXTBOOK: (t) => `${t}（电子教材）`,
  MICRO_LESSON: (t) => `${t} 微课`,
  SIMULATION: (t) => `${t} 虚拟仿真实验`,
};

export const demoProviders: DemoProvider[] = [
  {
    key: `ORGANIZATION:${NATION_CODE}`,
    kind: 'ORGANIZATION',
    name: '国家中小学智慧教育平台',
    organization: NATION_CODE,
    creditCode: null,
  },
  {
    key: 'ORGANIZATION:330000',
    kind: 'ORGANIZATION',
    name: '浙江省教育厅',
    organization: '330000',
    creditCode: null,
  },
  {
    key: 'COMPANY:91330106MA2B3C4D5E',
    kind: 'COMPANY',
    name: '之江数字教育科技有限公司',
    organization: null,
    creditCode: '91330106MA2B3C4D5E',
  },
  {
    key: 'COMPANY:91110108MA01F2G3H4',
    kind: 'COMPANY',
    name: '北京启智云课堂教育科技有限公司',
    organization: null,
    creditCode: '91110108MA01F2G3H4',
  },
];

export function stableId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}

function statusFor(rng: Rng): string {
  const r = rng.next();
  if (r < 0.8) return 'PUBLISHED';
  if (r < 0.88) return 'SUBMITTED';
  if (r < 0.93) return 'DRAFT';
  if (r < 0.96) return 'REJECTED';
  if (r < 0.98) return 'APPROVED';
  return 'RETIRED';
}

const STEPS: Record<string, string[]> = {
  DRAFT: [],
  SUBMITTED: ['SUBMIT'],
  APPROVED: ['SUBMIT', 'APPROVE'],
  REJECTED: ['SUBMIT', 'REJECT'],
  PUBLISHED: ['SUBMIT', 'APPROVE', 'PUBLISH'],
  RETIRED: ['SUBMIT', 'APPROVE', 'PUBLISH', 'RETIRE'],
};
const TO: Record<string, string> = {
  SUBMIT: 'SUBMITTED',
  APPROVE: 'APPROVED',
  REJECT: 'REJECTED',
  PUBLISH: 'PUBLISHED',
  RETIRE: 'RETIRED',
};
const REASON: Record<string, string | null> = {
  REJECT: '视频第3分钟处字幕与讲解不一致，请修改后重新提交。',
  RETIRE: '已由新版教材配套资源替代。',
  APPROVE: '内容科学准确，符合课程标准。',
};

/** The demo schools' organization paths (nation → province → city → county → school). */
export function demoSchoolPaths(seed: string, students: number, count = 3): string[][] {
  const province = generateProvince({ seed, students });
  const paths: string[][] = [];
  for (const school of province.schools()) {
    const county = school.regionCode;
    paths.push([NATION_CODE, `${county.slice(0, 2)}0000`, `${county.slice(0, 4)}00`, county, school.code]);
    if (paths.length >= count) break;
  }
  return paths;
}

/** What a generated resource is made of; the rest follows from it. */
export interface ResourceSeed {
  id: string;
  title: string;
  description: string;
  kind: ResourceKind;
  bank: Pick<TopicBank, 'stage' | 'subject'>;
  grade: number;
  edition: string;
  chapter: string;
  orgPath: string[];
  status: string;
  history: HistoryStep[];
  sizeBytes: number;
  checksum: string;
  license: string | null;
  createdAt: Date;
  changedAt: Date;
}

/** A generated resource as stored (the demo seed and the search benchmark write these). */
export function resourceDocument(r: ResourceSeed): Record<string, unknown> {
  const format = FORMAT[r.kind];
  const publish = r.history.find((h) => h.action === 'PUBLISH');
  return {
    title: r.title,
    description: r.description,
    kind: r.kind,
    stage: r.bank.stage,
    subject: r.bank.subject,
    grade: r.grade,
    edition: r.edition,
    chapter: r.chapter,
    language: r.bank.subject === 'ENGLISH' ? 'en' : 'zh-CN',
    format,
    content: {
      url: `https://res.edugraph.example.cn/${r.id}.${format}`,
      sizeBytes: r.sizeBytes,
      checksum: r.checksum,
    },
    coverUrl: `https://res.edugraph.example.cn/${r.id}-cover.jpg`,
    license: r.license,
    originLevel: originLevelOf(r.orgPath),
    organization: r.orgPath.at(-1)!,
    orgPath: r.orgPath,
    audience: defaultAudience(r.orgPath),
    status: r.status,
    sharing: { state: 'NONE', target: null },
    history: r.history,
    createdBy: 'seed',
    version: r.history.length,
    ...listKeys({ _id: recordId(r.id), createdAt: r.createdAt, changedAt: r.changedAt }),
    publishedAt: r.status === 'PUBLISHED' || r.status === 'RETIRED' ? (publish?.at ?? r.changedAt) : null,
    changedAt: r.changedAt,
    createdAt: r.createdAt,
    updatedAt: r.changedAt,
  };
}

export function demoResources(options: { seed: string; schoolPaths: string[][]; now: Date }) {
  const rng = createRng(options.seed, 'resources');
  const out: Record<string, unknown>[] = [];
  const start = options.now.getTime() - 400 * 86_400_000;
  let n = 0;
  for (const bank of topicBanks) {
    for (const [grade, topic, chapter] of bank.topics) {
      const kinds = (Object.keys(resourceKinds) as ResourceKind[]).filter(
        (k) => k !== 'SIMULATION' || ['PHYSICS', 'CHEMISTRY', 'BIOLOGY', 'SCIENCE'].includes(bank.subject),
      );
      const howMany = rng.int(2, 4);
      const chosen = new Set<ResourceKind>();
      while (chosen.size < howMany) chosen.add(rng.pick(kinds));
      for (const kind of chosen) {
        const edition = rng.pick(bank.editions);
        const r = rng.next();
        const school = options.schoolPaths.length && r > 0.85 ? rng.pick(options.schoolPaths) : null;
        const orgPath = school ?? (r < 0.5 ? [NATION_CODE] : [NATION_CODE, '330000']);
        const provider = school
          ? {
              key: `ORGANIZATION:${school.at(-1)}`,
              kind: 'ORGANIZATION' as const,
              name: `${school.at(-1)} 校本资源`,
              organization: school.at(-1)!,
              creditCode: null,
            }
          : rng.chance(0.3)
            ? rng.pick(demoProviders.slice(2))
            : demoProviders[orgPath.length === 1 ? 0 : 1]!;
        const title = `${edition}${gradeLabel(grade)}${subjects[bank.subject]}${TITLE[kind](topic)}`;
        const description = `${subjects[bank.subject]}${gradeLabel(grade)}${chapter}「${topic}」配套${resourceKinds[kind]}，${edition}教材，适用于课堂教学与课后复习。`;
        const key = `seed:resource:${n++}:${title}`;
        const id = stableId(key);
        const created = new Date(start + rng.int(0, 380) * 86_400_000 + rng.int(0, 86_399) * 1000);
        const status = statusFor(rng);
        const history: HistoryStep[] = [
          {
            action: 'CREATE',
            from: 'NONE',
            to: 'DRAFT',
            actorId: 'seed',
            actorOrganization: orgPath.at(-1)!,
            reason: null,
            at: created,
          },
        ];
        let at = created;
        let from = 'DRAFT';
        for (const step of STEPS[status]!) {
          at = new Date(at.getTime() + rng.int(1, 72) * 3_600_000);
          history.push({
            action: step,
            from,
            to: TO[step]!,
            actorId: 'seed',
            actorOrganization: orgPath.at(-2) ?? orgPath[0]!,
            reason: REASON[step] ?? null,
            at,
          });
          from = TO[step]!;
        }
        const sizeBytes =
          kind === 'VIDEO' || kind === 'MICRO_LESSON'
            ? rng.int(20, 600) * 1_048_576
            : rng.int(200, 20_000) * 1024;
        out.push({
          _id: id,
          provider,
          doc: resourceDocument({
            id,
            title,
            description,
            kind,
            bank,
            grade,
            edition,
            chapter,
            orgPath,
            status,
            history,
            sizeBytes,
            checksum: createHash('sha256').update(key).digest('hex'),
            license: provider.kind === 'COMPANY' ? '平台授权使用' : 'CC BY-NC 4.0',
            createdAt: created,
            changedAt: at,
          }),
        });
      }
    }
  }
  return out;
}
