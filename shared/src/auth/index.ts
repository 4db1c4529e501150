export * from './caller.ts';
export * from './tenancy.ts';
export * from './verifyToken.ts';
