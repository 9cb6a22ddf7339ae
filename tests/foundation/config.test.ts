import { describe, expect, it } from 'vitest';
import { CONFIG_ENV, loadConfig, redactUrl } from '../../src/config.ts';
import { ConfigError } from '../../src/errors/config-error.ts';
import { cronProblem } from '../../src/schedule/cron.ts';

describe('loadConfig', () => {
  it('gives the embedded defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.source).toBe('intesa-live');
    expect(c.dataDir).toBe('var');
    expect(c.httpRatePerSecond).toBe(0.5);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('has cron defaults that are valid patterns (they are not parsed at start), and checks set ones', () => {
    const c = loadConfig({});
    expect(cronProblem(c.schedule)).toBeUndefined();
    expect(cronProblem(c.windowSchedule)).toBeUndefined();
    expect(() => loadConfig({ DISTRETTI_SCHEDULE: '61 7 * * 1' })).toThrow(/DISTRETTI_SCHEDULE/);
    expect(() => loadConfig({ DISTRETTI_WINDOW_SCHEDULE: '0 7 * * mon-xyz' })).toThrow(/DISTRETTI_WINDOW_SCHEDULE/);
  });

  it('reads and coerces environment variables', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/x',
      REDIS_URL: 'redis://r:6379',
      DISTRETTI_HTTP_RATE: '2',
      DISTRETTI_WORKER_CONCURRENCY: '4',
      PORT: '8081',
    });
    expect(c.databaseUrl).toBe('postgres://u:p@db:5432/x');
    expect(c.httpRatePerSecond).toBe(2);
    expect(c.workerConcurrency).toBe(4);
    expect(c.port).toBe(8081);
  });

  it('repeats an alert every 24 h unless DISTRETTI_ALERT_REPEAT_HOURS says otherwise, and rejects nonsense', () => {
    expect(loadConfig({}).alertRepeatHours).toBe(24);
    expect(loadConfig({ DISTRETTI_ALERT_REPEAT_HOURS: '6' }).alertRepeatHours).toBe(6);
    expect(() => loadConfig({ DISTRETTI_ALERT_REPEAT_HOURS: '0' })).toThrow(/DISTRETTI_ALERT_REPEAT_HOURS/);
  });

  it('reports every problem at once, by variable name, without echoing values', () => {
    let err: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://u:secret@h/db', DISTRETTI_HTTP_RATE: '-1', PORT: 'abc', LOG_LEVEL: 'loud' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const ce = err as ConfigError;
    expect(ce.code).toBe('CONFIG_INVALID');
    expect(ce.disposition).toBe('fatal');
    expect(ce.problems).toHaveLength(4);
    for (const v of ['DATABASE_URL', 'DISTRETTI_HTTP_RATE', 'PORT', 'LOG_LEVEL']) expect(ce.message).toContain(v);
    expect(ce.message).not.toContain('secret');
  });

  it('maps every field to a documented environment variable', () => {
    expect(Object.values(CONFIG_ENV)).toContain('DATABASE_URL');
    expect(new Set(Object.values(CONFIG_ENV)).size).toBe(Object.keys(CONFIG_ENV).length);
  });
});

describe('redactUrl', () => {
  it('masks credentials', () => {
    expect(redactUrl('postgres://alice:s3cret@db:5432/x')).toBe('postgres://***:***@db:5432/x');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('not a url')).toBe('[unparseable url]');
  });
});
