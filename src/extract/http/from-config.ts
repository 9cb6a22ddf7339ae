import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { SourceAdapter } from '../adapters/types.ts';
import { createPoliteClient, type PoliteClient } from './polite-client.ts';

/** Our product token in the User-Agent; robots.txt groups may name it. */
export const PRODUCT_TOKEN = 'distretti';

/**
 * An honest User-Agent: product/version plus how to reach the operators
 * (`+mailto:` for an e-mail address, the URL as is otherwise).
 */
export function buildUserAgent(contact: string, version: string): string {
  const how = /^https?:\/\//i.test(contact) ? contact : `mailto:${contact}`;
  return `${PRODUCT_TOKEN}/${version} (+${how}; research-data crawler, polite)`;
}

/** The polite client for an adapter, configured from the frozen app config (DISTRETTI_HTTP_*). */
export function createClientForAdapter(deps: { config: Config; adapter: SourceAdapter; log: Logger; version: string; maxRetryAfterMs?: number | undefined }): PoliteClient {
  const { config, adapter } = deps;
  return createPoliteClient({
    userAgent: buildUserAgent(config.contact, deps.version),
    ratePerSecond: config.httpRatePerSecond,
    timeoutMs: config.httpTimeoutMs,
    retries: config.httpRetries,
    maxBytes: config.httpMaxBytes,
    allowedHosts: adapter.allowedHosts,
    log: deps.log.child({ source: adapter.id }),
    ...(deps.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: deps.maxRetryAfterMs } : {}),
  });
}
