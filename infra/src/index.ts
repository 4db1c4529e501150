export * from './paths.ts';
export * from './db/embeddedDatabase.ts';
export * from './seed/index.ts';
