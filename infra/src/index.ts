export * from './paths.ts';
export * from './db/embeddedDatabase.ts';
