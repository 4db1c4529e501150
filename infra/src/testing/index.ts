export * from './testHub.ts';
export * from './storeServer.ts';
export * from './oidcFlow.ts';
export * from './ports.ts';
export * from './roundRobinProxy.ts';
export * from './redisServer.ts';
export * from './rawBulkWrite.ts';
export * from './serverProbe.ts';
