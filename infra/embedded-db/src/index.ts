export * from './embeddedDatabase.ts';
export { ferretdbBinary } from './paths.ts';
