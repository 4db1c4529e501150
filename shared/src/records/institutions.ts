/**
 * Institutions in data-center records: regions, schools, classes and school assets (family in
 * kinds.ts). Natural keys are marked; dates are `YYYY-MM-DD` strings.
 */
export interface RegionRecord {
  /** Natural key: GB/T 2260 code (XZQHM). */
  code: string;
  name: string;
  level: 'NATION' | 'PROVINCE' | 'CITY' | 'COUNTY';
  /** null for the nation. */
  parentCode: string | null;
}

export interface SchoolRecord {
  /** Natural key: 10-digit 学校标识码 (XXDM). */
  code: string;
  name: string;
  /** County-level region code the school sits in. */
  regionCode: string;
  address: string;
  /** Set for a teaching point (教学点): the code of its central school. */
  centralSchoolCode: string | null;
  broadbandMbps: number;
  classrooms: number;
  multimediaClassrooms: number;
  principal: string;
  /** Urban or rural, for broadband targets. */
  urban: boolean;
}

export interface ClassRecord {
  /** Natural key: school code + enrollment year + 2-digit class number (16 digits). */
  code: string;
  schoolCode: string;
  /** 1–12 (primary 1–6, junior 7–9, senior 10–12); kindergarten 0. */
  grade: number;
  name: string;
  enrollmentYear: number;
  headTeacherStaffNumber: string | null;
}

/** Asset categories (资产类别) and statuses, shared by the generator, the datacenter and the sync CLI. */
export const ASSET_CATEGORIES = [
  'MULTIMEDIA_CLASSROOM_SET',
  'COMPUTER',
  'NETWORK_LINK',
  'SERVER',
  'BUILDING_FACILITY',
  'OTHER',
] as const;
export const ASSET_STATUSES = ['IN_USE', 'IDLE', 'UNDER_REPAIR', 'SCRAPPED'] as const;

export interface AssetRecord {
  /** Natural key: asset tag, unique across the hub (school code + '-' + sequence). */
  assetTag: string;
  schoolCode: string;
  category: (typeof ASSET_CATEGORIES)[number];
  name: string;
  quantity: number;
  /** Yuan, two decimals. */
  unitValue: number;
  acquiredDate: string;
  status: (typeof ASSET_STATUSES)[number];
}
