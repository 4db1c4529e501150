import { schoolKinds, type SchoolKind } from '@edugraph/shared';

/** 学段码 (XDM) of a school kind; higher education has none in the table. */
const STAGE_OF_KIND: Readonly<Partial<Record<SchoolKind, string>>> = {
  KINDERGARTEN: '1',
  PRIMARY: '2',
  JUNIOR_SECONDARY: '3',
  SENIOR_SECONDARY: '4',
  SECONDARY_VOCATIONAL: '5',
  SPECIAL_EDUCATION: '6',
};

/**
 * The 学段 of a class: a class code starts with its school code, whose two type digits give the
 * school kind (shared schoolKinds). So an enrollment's stage needs no other record, and its
 * counter contribution stays a function of the enrollment alone.
 */
export function stageOfClass(classCode: unknown): string | undefined {
  if (typeof classCode !== 'string') return undefined;
  const kind = (schoolKinds as Record<string, SchoolKind | undefined>)[classCode.slice(0, 2)];
  return kind ? STAGE_OF_KIND[kind] : undefined;
}

/**
 * A per-term counter field: `<term code>/<code>`. Term codes are `org-year-term` (validated), so
 * the field holds no `.` or `$`, and one counter document holds every term of a region.
 */
export const termMetric = (termCode: string, code: string) => `${termCode}/${code}`;

/** The codes counted for one term, with their counts (zeros left out), sorted by code. */
export function ofTerm(metrics: Readonly<Record<string, unknown>>, termCode: string): [string, number][] {
  const prefix = `${termCode}/`;
  return Object.entries(metrics)
    .filter(([k, v]) => k.startsWith(prefix) && typeof v === 'number' && v > 0)
    .map(([k, v]): [string, number] => [k.slice(prefix.length), v as number])
    .sort(([a], [b]) => a.localeCompare(b));
}
