export * from './distretti-error.ts';
export * from './config-error.ts';
export * from './listing-layout-drift-error.ts';
