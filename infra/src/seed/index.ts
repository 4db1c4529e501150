export * from './records.ts';
export {
  generateProvince,
  ENTITY_KINDS,
  DEFAULT_SCHOOL_YEAR,
  type GenerateProvinceOptions,
  type GeneratedProvince,
} from './generate.ts';
export {
  writeSeedFiles,
  type WriteSeedFilesOptions,
  type WrittenSeedFile,
  type SeedFileFormat,
  type SeedFileEncoding,
} from './writeFiles.ts';
export * from './jytColumns.ts';
export { createRng, weightedPicker, type Rng } from './rng.ts';
export * from './demo.ts';
export * from './codeTables.ts';
export { guardianNumberOf, nationalCourseCode, seedTerms, STAGE_OF } from './roster.ts';
