export * from './distretti-error.ts';
export * from './config-error.ts';
