/** The sync CLI's building blocks, for tests, benchmarks and other jobs. */
export { importFiles, MAX_BATCH, type ImportOptions, type ImportSummary } from './import/importFiles.ts';
export { pullChanges, type PullOptions, type PullSummary } from './pull/pullChanges.ts';
export { exportRecords, type ExportOptions, type ExportSummary } from './export/exportRecords.ts';
export { connectHub, discoverTokenEndpoint } from './hub/connect.ts';
export { createHubClient, graphqlEndpoint, HubError, type HubClient } from './hub/hubClient.ts';
export { clientCredentialsTokenSource, staticTokenSource, type TokenSource } from './hub/tokenSource.ts';
export { readRecords, type SourceItem } from './read/records.ts';
export { kindSpecs, recordKinds, type RecordKind } from './kinds.ts';
export { buildProgram, main } from './cli.ts';
