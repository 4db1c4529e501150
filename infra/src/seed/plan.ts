import { apportion, createRng, splitTotal, type Rng } from './rng.ts';
import { className, KIND_PROFILES, VOCATIONAL_MAJORS, type KindProfile } from './schoolKinds.ts';
import { placeName } from './names.ts';
import { DEMO_COUNTY_ORDER, urbanShare, ZHEJIANG } from './zhejiang.ts';

/**
 * The province's skeleton: counties, schools and classes with their sizes. It is small (about
 * 1,700 schools and 25,000 classes for 1,000,000 students) and held in memory; students,
 * teachers and assets are generated from it one at a time.
 */
export interface CountyPlan {
  code: string;
  name: string;
  cityCode: string;
  cityName: string;
  /** Position in the province's county list (for ID-number sequence bookkeeping). */
  index: number;
  weight: number;
}

export interface ClassPlan {
  code: string;
  grade: number;
  /** 0 for the first year of the school's stage. */
  yearOfStudy: number;
  enrollmentYear: number;
  name: string;
  size: number;
}

export interface SchoolPlan {
  code: string;
  profile: KindProfile;
  county: CountyPlan;
  urban: boolean;
  name: string;
  /** Set for a teaching point (教学点). */
  centralSchoolCode: string | null;
  students: number;
  teachers: number;
  classes: ClassPlan[];
}

export interface ProvincePlan {
  seed: number | string;
  /** The school year the data describes starts in September of this year. */
  schoolYear: number;
  counties: CountyPlan[];
  schools: SchoolPlan[];
  totals: { schools: number; classes: number; teachers: number; students: number };
}

export interface PlanOptions {
  seed: number | string;
  students: number;
  schoolYear: number;
}

export function provinceCounties(): CountyPlan[] {
  return ZHEJIANG.cities
    .flatMap((city) =>
      city.counties.map((county) => ({ ...county, cityCode: city.code, cityName: city.name, index: 0 })),
    )
    .map((county, index) => ({ ...county, index }));
}

export function planProvince(options: PlanOptions): ProvincePlan {
  const rng = createRng(options.seed, 'plan');
  const counties = provinceCounties();
  // Small demos get smaller schools, so they still have several of each kind.
  const scale = Math.min(1, Math.max(0.25, (options.students / 200_000) ** 0.3));
  const perKind = studentsPerKind(options.students);
  const schoolCounts = KIND_PROFILES.map((p, k) =>
    perKind[k]! === 0 ? 0 : Math.max(1, Math.round(perKind[k]! / (p.schoolSize * scale))),
  );
  const totalSchools = schoolCounts.reduce((s, n) => s + n, 0);
  const active = activeCounties(
    counties,
    Math.min(counties.length, Math.max(3, Math.ceil(totalSchools / 6))),
  );

  const sequences = new Map<string, number>();
  const nextCode = (profile: KindProfile) => {
    const n = (sequences.get(profile.typeDigits) ?? 0) + 1;
    sequences.set(profile.typeDigits, n);
    return `${profile.typeDigits}33${String(n).padStart(6, '0')}`;
  };

  const schools: SchoolPlan[] = [];
  KIND_PROFILES.forEach((profile, k) => {
    let students = perKind[k]!;
    const count = schoolCounts[k]!;
    if (count === 0) return;
    const teachingPoints =
      profile.kind === 'PRIMARY' && students >= 600
        ? Array.from({ length: Math.max(1, Math.round(count * 0.12)) }, () => rng.int(15, 60))
        : [];
    students -= teachingPoints.reduce((s, n) => s + n, 0);
    const sizes = splitTotal(rng, students, count, 0.4, profile.years * 3);
    const perCounty = schoolsPerCounty(count, active, profile.kind === 'PRIMARY');
    const built: SchoolPlan[] = [];
    active.forEach((county, c) => {
      for (let i = 0; i < perCounty[c]!; i++) {
        const urban = rng.chance(urbanShare(county.name));
        const school = {
          code: nextCode(profile),
          profile,
          county,
          urban,
          centralSchoolCode: null,
          students: sizes[built.length]!,
        };
        built.push({
          ...school,
          name: schoolName(rng, school, i),
          ...staffing(rng, school, options.schoolYear),
        });
      }
    });
    schools.push(...built);
    if (teachingPoints.length > 0)
      schools.push(...buildTeachingPoints(rng, built, teachingPoints, nextCode, options.schoolYear));
  });

  return {
    seed: options.seed,
    schoolYear: options.schoolYear,
    counties,
    schools,
    totals: {
      schools: schools.length,
      classes: schools.reduce((s, x) => s + x.classes.length, 0),
      teachers: schools.reduce((s, x) => s + x.teachers, 0),
      students: schools.reduce((s, x) => s + x.students, 0),
    },
  };
}

/**
 * Students per kind. From 2,000 students on every kind has at least one (small) school, so a
 * demo shows them all; below that, kinds too small for one school fold into primary schools.
 */
function studentsPerKind(students: number): number[] {
  const perKind = apportion(
    students,
    KIND_PROFILES.map((p) => p.share),
  );
  const primary = KIND_PROFILES.findIndex((p) => p.kind === 'PRIMARY');
  KIND_PROFILES.forEach((p, k) => {
    const smallest = Math.max(20, p.years * 3);
    if (k === primary || perKind[k]! >= smallest) return;
    const moved = students >= 2000 ? smallest - perKind[k]! : -perKind[k]!;
    perKind[primary]! -= moved;
    perKind[k]! += moved;
  });
  return perKind;
}

function activeCounties(counties: CountyPlan[], count: number): CountyPlan[] {
  const rank = (c: CountyPlan) => {
    const demo = DEMO_COUNTY_ORDER.indexOf(c.code);
    return demo >= 0 ? demo : DEMO_COUNTY_ORDER.length + c.index;
  };
  return [...counties].sort((a, b) => rank(a) - rank(b)).slice(0, count);
}

/**
 * Schools of one kind per active county, by population; the first county always gets one, and
 * every county gets a primary school when there are enough.
 */
function schoolsPerCounty(count: number, active: CountyPlan[], everyCounty: boolean): number[] {
  if (everyCounty && count >= active.length) {
    return apportion(
      count - active.length,
      active.map((c) => c.weight),
    ).map((n) => n + 1);
  }
  const perCounty = apportion(
    count,
    active.map((c) => c.weight),
  );
  if (count > 0 && perCounty[0] === 0) {
    const most = perCounty.indexOf(Math.max(...perCounty));
    perCounty[most]! -= 1;
    perCounty[0] = 1;
  }
  return perCounty;
}

type SchoolBasics = Pick<
  SchoolPlan,
  'code' | 'profile' | 'county' | 'urban' | 'centralSchoolCode' | 'students'
>;

function staffing(
  rng: Rng,
  school: SchoolBasics,
  schoolYear: number,
): Pick<SchoolPlan, 'classes' | 'teachers'> {
  const { profile } = school;
  const teachingPoint = school.centralSchoolCode !== null;
  const years = teachingPoint ? (school.students < 30 ? 3 : 4) : profile.years;
  const perYear = teachingPoint
    ? 1
    : Math.min(99, Math.max(1, Math.round(school.students / years / profile.classSize)));
  const sizes = splitTotal(rng, school.students, years * perYear, 0.12, 1);
  const classes: ClassPlan[] = [];
  for (let y = 0; y < years; y++) {
    const grade = profile.kind === 'KINDERGARTEN' ? 0 : profile.firstGrade + y;
    const enrollmentYear = schoolYear - y;
    for (let n = 1; n <= perYear; n++) {
      const major = profile.kind === 'VOCATIONAL' ? rng.pick(VOCATIONAL_MAJORS) : undefined;
      classes.push({
        code: `${school.code}${enrollmentYear}${String(n).padStart(2, '0')}`,
        grade,
        yearOfStudy: y,
        enrollmentYear,
        name: className(profile, grade, enrollmentYear, n, y, major),
        size: sizes[classes.length]!,
      });
    }
  }
  const teachers = Math.min(
    9999,
    Math.max(classes.length, Math.round(school.students / profile.studentsPerTeacher)),
  );
  return { classes, teachers };
}

const SUFFIX: Record<KindProfile['kind'], string> = {
  PRIMARY: '小学',
  JUNIOR: '初级中学',
  SENIOR: '高级中学',
  VOCATIONAL: '职业技术学校',
  KINDERGARTEN: '幼儿园',
  SPECIAL: '特殊教育学校',
};

/** Names as schools are called: 杭州市上城区实验小学, 淳安县石桥镇中心小学, 建德市青溪幼儿园. */
function schoolName(rng: Rng, school: SchoolBasics, indexInCounty: number): string {
  const { county, profile } = school;
  const prefix = county.name.endsWith('区') ? county.cityName + county.name : county.name;
  if (profile.kind === 'PRIMARY' && !school.urban) return `${prefix}${placeName(rng)}镇中心小学`;
  if (indexInCounty === 0 && profile.kind !== 'SPECIAL') return `${prefix}实验${SUFFIX[profile.kind]}`;
  if (profile.kind === 'SPECIAL' && indexInCounty === 0) return `${prefix}${SUFFIX[profile.kind]}`;
  return `${prefix}${placeName(rng)}${SUFFIX[profile.kind]}`;
}

/** Teaching points (教学点): small rural sites, each run by a rural central primary school. */
function buildTeachingPoints(
  rng: Rng,
  primary: SchoolPlan[],
  sizes: number[],
  nextCode: (p: KindProfile) => string,
  schoolYear: number,
): SchoolPlan[] {
  let central = primary.filter((s) => !s.urban);
  if (central.length === 0) {
    // A central school must be rural: take the primary school of the most rural county.
    const last = primary.reduce((a, b) => (urbanShare(b.county.name) < urbanShare(a.county.name) ? b : a));
    last.urban = false;
    last.name = `${last.county.name}${placeName(rng)}镇中心小学`;
    central = [last];
  }
  return sizes.map((students) => {
    const hub = rng.pick(central);
    const town = hub.name.match(/(..)镇中心小学$/)?.[1] ?? placeName(rng);
    const basics: SchoolBasics = {
      code: nextCode(hub.profile),
      profile: hub.profile,
      county: hub.county,
      urban: false,
      centralSchoolCode: hub.code,
      students,
    };
    return {
      ...basics,
      name: `${hub.county.name}${town}镇${placeName(rng)}村教学点`,
      ...staffing(rng, basics, schoolYear),
    };
  });
}
