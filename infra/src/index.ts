export * from './paths.ts';
export { SERVICE_DIRS, seedEntry, seedSource, serverEntry, serverSource } from './entries.ts';
export * from '@edugraph/embedded-db';
export * from './seed/index.ts';
export { GATEWAY_NODE_ARGS } from './launcher/services.ts';
export { startInWaves, startTogether, type ColdStart } from './launcher/startOrder.ts';
