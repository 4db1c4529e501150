export * from './paths.ts';
export * from '@edugraph/embedded-db';
export * from './seed/index.ts';
