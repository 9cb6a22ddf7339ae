export * from './distretti-error.ts';
export * from './config-error.ts';
export * from './listing-layout-drift-error.ts';
export * from './service-unavailable-error.ts';
export * from './job-cancelled-error.ts';
export * from './connection-failure.ts';
