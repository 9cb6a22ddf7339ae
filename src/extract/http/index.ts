export { createPoliteClient, type FetchResult, type GetOptions, type PoliteClient, type PoliteClientOptions } from './polite-client.ts';
export * from './errors.ts';
export { parseRobots, isAllowed, type RobotsPolicy } from './robots.ts';
export { buildUserAgent, createClientForAdapter, PRODUCT_TOKEN } from './from-config.ts';
