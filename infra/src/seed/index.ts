export {
  generateProvince,
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
export { createRng, weightedPicker, type Rng } from './rng.ts';
export * from './demo.ts';
export { guardianNumberOf, nationalCourseCode, seedTerms, STAGE_OF } from './roster.ts';
