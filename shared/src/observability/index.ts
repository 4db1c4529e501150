export * from './tracingConfig.ts';
export * from './tracing.ts';
export * from './httpSpans.ts';
export * from './graphqlSpans.ts';
export * from './databaseCalls.ts';
export * from './subgraphMetrics.ts';
export * from './requestNote.ts';
