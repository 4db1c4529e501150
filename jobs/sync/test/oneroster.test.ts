import { describe, expect, it } from 'vitest';
import {
  cedsGrade,
  gradesOfStage,
  guardianRole,
  manifestRows,
  schoolYearOf,
  sexOf,
  splitChineseName,
  termType,
  unmaskedDate,
} from '../src/export/oneroster/tables.ts';

describe('OneRoster 1.2 values', () => {
  it('splits Chinese names into family and given name, keeping two-character surnames whole', () => {
    expect(splitChineseName('李乐恒')).toEqual({ familyName: '李', givenName: '乐恒' });
    expect(splitChineseName('欧阳修')).toEqual({ familyName: '欧阳', givenName: '修' });
    expect(splitChineseName('司马光')).toEqual({ familyName: '司马', givenName: '光' });
    // Two characters: a one-character surname, even when they would form a compound one.
    expect(splitChineseName('欧阳')).toEqual({ familyName: '欧', givenName: '阳' });
  });

  it('takes the school year (学年) from September to August', () => {
    expect(schoolYearOf(new Date('2026-12-06T00:00:00Z'))).toMatchObject({
      sourcedId: 'school-year-2026',
      startDate: '2026-09-01',
      endDate: '2027-08-31',
      schoolYear: '2027',
      type: 'schoolYear',
    });
    expect(schoolYearOf(new Date('2027-08-31T00:00:00Z')).sourcedId).toBe('school-year-2026');
    expect(schoolYearOf(new Date('2027-09-01T00:00:00Z')).sourcedId).toBe('school-year-2027');
  });

  it('writes grades as CEDS codes and leaves masked birth dates out', () => {
    expect([0, 1, 9, 12].map(cedsGrade)).toEqual(['KG', '01', '09', '12']);
    expect(unmaskedDate('2020-01-05')).toBe('2020-01-05');
    expect(unmaskedDate('2020-**-**')).toBe('');
  });

  it('maps the standard codes to OneRoster values: sex, guardian roles, stages as grades, terms as semesters', () => {
    expect(['1', '2', '0', '9'].map(sexOf)).toEqual(['male', 'female', 'unspecified', 'unspecified']);
    expect(['51', '52', '61', '99'].map(guardianRole)).toEqual(['parent', 'parent', 'guardian', 'guardian']);
    expect(gradesOfStage('2')).toBe('01,02,03,04,05,06');
    expect(gradesOfStage('4')).toBe('10,11,12');
    expect(gradesOfStage('1')).toBe('KG');
    expect(gradesOfStage('6')).toBe('');
    expect(['1', '2', '3'].map(termType)).toEqual(['semester', 'semester', 'term']);
  });

  it('marks the written files bulk and every other 1.2 file absent in the manifest', () => {
    const manifest = new Map(manifestRows(['orgs', 'users']).map(([k, v]) => [k, v]));
    expect(manifest.get('oneroster.version')).toBe('1.2');
    expect(manifest.get('manifest.version')).toBe('1.0');
    expect(manifest.get('file.orgs')).toBe('bulk');
    expect(manifest.get('file.classes')).toBe('absent');
    expect(manifest.get('file.userProfiles')).toBe('absent');
  });
});
