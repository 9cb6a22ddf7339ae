import type { Logger } from '../log.ts';

/** Something an operator must look at: a late note, a quarantined release. */
export interface Alert {
  readonly kind: 'release-late' | 'release-quarantined';
  /** What the alert is about, stable across runs (a receiver can de-duplicate on it too). */
  readonly key: string;
  readonly runId: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/** Delivers alerts. Never throws: an alert that cannot be delivered is logged and dropped. */
export interface AlertSink {
  send(alert: Alert): Promise<void>;
}

export interface AlertSinkOptions {
  readonly log: Logger;
  /** `DISTRETTI_ALERT_WEBHOOK`: alerts are POSTed there as JSON. Unset: log only. */
  readonly webhookUrl?: string;
  /** @defaultValue 3 */
  readonly attempts?: number;
  /** Per attempt. @defaultValue 3000 */
  readonly timeoutMs?: number;
  /** Before the second attempt, doubled each time. @defaultValue 500 */
  readonly backoffMs?: number;
}

/**
 * Logs every alert (warn) and, with a webhook, POSTs it, retrying on network errors and
 * non-2xx answers. Bounded (attempts × timeout) and never throwing, so a dead receiver
 * cannot fail or hold up a run. The webhook's path and query (often a token) are never logged.
 */
export function createAlertSink(opts: AlertSinkOptions): AlertSink {
  const attempts = opts.attempts ?? 3;
  const timeoutMs = opts.timeoutMs ?? 3000;
  const backoffMs = opts.backoffMs ?? 500;
  const target = opts.webhookUrl ? new URL(opts.webhookUrl).origin : undefined;
  return {
    async send(alert) {
      opts.log.warn({ alert: alert.kind, runId: alert.runId, ...alert.details }, `alert: ${alert.message}`);
      if (!opts.webhookUrl) return;
      const body = JSON.stringify({ ...alert, sentAt: new Date().toISOString() });
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          const res = await fetch(opts.webhookUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(timeoutMs),
          });
          await res.arrayBuffer();
          if (res.ok) return;
          opts.log.warn({ webhook: target, status: res.status, attempt }, 'alert webhook answered an error');
        } catch (err) {
          opts.log.warn({ webhook: target, attempt, reason: err instanceof Error ? err.message : String(err) }, 'alert webhook unreachable');
        }
        if (attempt < attempts) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
      }
      opts.log.error({ webhook: target, alert: alert.kind, runId: alert.runId }, 'alert not delivered after every attempt');
    },
  };
}
