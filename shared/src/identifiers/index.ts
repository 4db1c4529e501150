export * from './result.ts';
export * from './regionCode.ts';
export * from './idNumber.ts';
export * from './registryNumber.ts';
export * from './schoolCode.ts';
export * from './mask.ts';
export * from './orgPath.ts';
