/**
 * Data-center records as they travel between the seed generator, the datacenter's batch upserts
 * and the sync CLI: one file per family, the standard code tables and the JY/T column mapping.
 */
export * from './kinds.ts';
export * from './institutions.ts';
export * from './people.ts';
export * from './roster.ts';
export * from './codeTables.ts';
export * from './codeLookup.ts';
export * from './jytColumns.ts';
export * from './jytCodec.ts';
export * from './upsertResult.ts';
