/** 0.873 → "87.3%"; null (the figure could not be had) → "—". */
export const percent = (ratio: number | null | undefined): string =>
  ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`;

export const dateTime = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—';

/** Region codes are 6 digits, school codes 10. */
export const isSchoolCode = (org: string): boolean => /^\d{10}$/.test(org);
