export * from './paths.ts';
export * from './db/embeddedDatabase.ts';
export * from './seed/index.ts';
export { GATEWAY_NODE_ARGS } from './launcher/services.ts';
