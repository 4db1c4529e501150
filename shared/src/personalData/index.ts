export * from './masking.ts';
export * from './directive.ts';
export * from './accessRecorder.ts';
export * from './accessLog.ts';
export * from './accessLogPlugin.ts';
export * from './accessLogQuery.ts';
export * from './sdl.ts';
