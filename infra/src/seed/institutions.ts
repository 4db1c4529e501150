import { dayNumber, isoDate } from './idNumbers.ts';
import { personName, streetAddress } from './names.ts';
import type { ProvincePlan, SchoolPlan } from './plan.ts';
import type { AssetRecord, SchoolRecord } from '@edugraph/shared/records';
import { createRng, weightedPicker, type Rng } from './rng.ts';

/** School records with their conditions (办学条件): broadband, classrooms, principal. */
export function buildSchoolRecords(plan: ProvincePlan): SchoolRecord[] {
  const rng = createRng(plan.seed, 'schools');
  return plan.schools.map((school) => {
    const teachingPoint = school.centralSchoolCode !== null;
    const classes = school.classes.length;
    const classrooms = teachingPoint ? classes : classes + rng.int(0, Math.ceil(classes * 0.2));
    const multimediaShare = teachingPoint
      ? rng.next()
      : school.urban
        ? 0.85 + 0.15 * rng.next()
        : 0.5 + 0.5 * rng.next();
    const place = `浙江省${school.county.cityName}${school.county.name}`;
    return {
      code: school.code,
      name: school.name,
      regionCode: school.county.code,
      address: teachingPoint
        ? `${place}${school.name.replace(/^.*?([^县区市]+镇.+村)教学点$/, '$1')}`
        : place + streetAddress(rng),
      centralSchoolCode: school.centralSchoolCode,
      // Some teaching points still sit below the 10 Mbps rural target.
      broadbandMbps: rng.pick(
        teachingPoint
          ? [4, 8, 10, 20, 20, 30, 50]
          : school.urban
            ? [100, 200, 300, 500, 1000, 1000]
            : [20, 50, 100, 100, 200, 300],
      ),
      classrooms,
      multimediaClassrooms: Math.round(classrooms * multimediaShare),
      principal: personName(rng, rng.chance(0.6) ? 'MALE' : 'FEMALE', 'adult'),
      urban: school.urban,
    };
  });
}

const assetStatus = weightedPicker<AssetRecord['status']>([
  ['IN_USE', 85],
  ['IDLE', 6],
  ['UNDER_REPAIR', 4],
  ['SCRAPPED', 5],
]);

type AssetDraft = Pick<AssetRecord, 'category' | 'name' | 'quantity' | 'unitValue'>;

/** Devices, rooms and network links of each school (资产 / 装备), tagged `<school code>-NNNN`. */
export function* generateAssets(
  plan: ProvincePlan,
  schools: readonly SchoolRecord[],
): Generator<AssetRecord> {
  const rng = createRng(plan.seed, 'assets');
  const firstDay = dayNumber(plan.schoolYear - 14, 1, 1);
  const lastDay = dayNumber(plan.schoolYear, 8, 31);
  for (const [i, school] of schools.entries()) {
    const drafts = assetDrafts(rng, plan.schools[i]!, school);
    for (const [n, draft] of drafts.entries()) {
      yield {
        assetTag: `${school.code}-${String(n + 1).padStart(4, '0')}`,
        schoolCode: school.code,
        ...draft,
        acquiredDate: isoDate(rng.int(firstDay, lastDay)),
        status: assetStatus(rng),
      };
    }
  }
}

const yuan = (rng: Rng, min: number, max: number) => Math.round((min + (max - min) * rng.next()) * 100) / 100;

function assetDrafts(rng: Rng, plan: SchoolPlan, school: SchoolRecord): AssetDraft[] {
  const drafts: AssetDraft[] = [
    {
      category: 'NETWORK_LINK',
      name: `宽带接入（${rng.pick(['电信', '移动', '联通'])}光纤 ${school.broadbandMbps}Mbps）`,
      quantity: 1,
      unitValue: yuan(rng, 2400, 36000),
    },
  ];
  if (school.multimediaClassrooms > 0) {
    drafts.push({
      category: 'MULTIMEDIA_CLASSROOM_SET',
      name: rng.pick(['交互式智能平板', '多媒体教学一体机', '投影与电子白板套装']),
      quantity: school.multimediaClassrooms,
      unitValue: yuan(rng, 9000, 28000),
    });
  }
  drafts.push({
    category: 'COMPUTER',
    name: '教师办公计算机',
    quantity: plan.teachers,
    unitValue: yuan(rng, 3500, 6500),
  });
  if (school.centralSchoolCode !== null) return drafts;
  if (plan.profile.kind !== 'KINDERGARTEN') {
    drafts.push({
      category: 'COMPUTER',
      name: '学生计算机',
      quantity: Math.max(10, Math.round(plan.students / 8)),
      unitValue: yuan(rng, 3000, 5500),
    });
    drafts.push({
      category: 'BUILDING_FACILITY',
      name: '计算机教室',
      quantity: Math.max(1, Math.round(plan.students / 600)),
      unitValue: yuan(rng, 150000, 400000),
    });
  }
  drafts.push({
    category: 'SERVER',
    name: '校园网服务器',
    quantity: rng.int(1, 3),
    unitValue: yuan(rng, 15000, 60000),
  });
  if (rng.chance(school.urban ? 0.6 : 0.3)) {
    drafts.push({
      category: 'BUILDING_FACILITY',
      name: rng.pick(['录播教室', '创客教室', '智慧教室']),
      quantity: 1,
      unitValue: yuan(rng, 200000, 600000),
    });
  }
  for (let k = rng.int(0, 2); k > 0; k--) {
    drafts.push({
      category: 'OTHER',
      name: rng.pick(['平板电脑', '3D打印机', 'VR教学设备', '电子班牌', '无线投屏器']),
      quantity: rng.int(2, 60),
      unitValue: yuan(rng, 300, 12000),
    });
  }
  return drafts;
}
