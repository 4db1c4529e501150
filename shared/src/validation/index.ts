export * from './text.ts';
export * from './representations.ts';
