import { describe, expect, it } from 'vitest';
import { gateIdFromHtml, gateIdFromUrl } from '../../src/extract/http/gate.ts';
import { createHostScheduler } from '../../src/extract/http/host-scheduler.ts';
import { backoffDelayMs, parseRetryAfter } from '../../src/extract/http/retry-policy.ts';
import { isAllowed, parseRobots } from '../../src/extract/http/robots.ts';

describe('robots.txt', () => {
  const txt = [
    '# comment',
    'User-agent: otherbot',
    'Disallow: /',
    '',
    'User-agent: *',
    'Disallow: /private/',
    'Disallow: /*.cgi$',
    'Allow: /private/public/',
    'Crawl-delay: 1',
  ].join('\n');

  it.each([
    ['/it/research/ricerche-e-pubblicazioni?page=2', true],
    ['/private/x.pdf', false],
    ['/private/public/x.pdf', true],
    ['/bin/run.cgi', false],
    ['/bin/run.cgi?x=1', true],
    ['/robots.txt', true],
  ])('%s allowed=%s for the * group', (path, allowed) => {
    expect(isAllowed(parseRobots(txt, 'distretti'), path)).toBe(allowed);
  });

  it('uses the group naming our product token instead of *', () => {
    const p = parseRobots(txt, 'OtherBot');
    expect(isAllowed(p, '/anything')).toBe(false);
    expect(p.crawlDelaySeconds).toBeUndefined();
    expect(parseRobots(txt, 'distretti').crawlDelaySeconds).toBe(1);
  });

  it('an empty Disallow allows everything', () => {
    expect(isAllowed(parseRobots('User-agent: *\nDisallow:\n', 'distretti'), '/x')).toBe(true);
  });
});

describe('Retry-After and backoff', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Sun, 01 Jun 2025 12:00:30 GMT', 30_000],
    ['Sun, 01 Jun 2025 11:00:00 GMT', 0],
    ['soon', undefined],
    [undefined, undefined],
  ])('%j → %s ms', (v, ms) => {
    expect(parseRetryAfter(v, now)).toBe(ms);
  });

  it('doubles the step, caps it, and jitters within [step/2, step]', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelayMs(a, 1000, 5000, () => 0))).toEqual([500, 1000, 2000, 2500]);
    expect([0, 1, 2, 3].map((a) => backoffDelayMs(a, 1000, 5000, () => 0.999999))).toEqual([1000, 2000, 4000, 5000]);
  });
});

describe('disclaimer gate recognition', () => {
  it('reads the gate id from a redirect target or a page link', () => {
    expect(gateIdFromUrl('/en/research/disclaimer/disclaimer?NEXT_URL=3f2a-77', 'http://h.test/x.pdf')).toBe('3f2a-77');
    expect(gateIdFromUrl('/en/research/other?NEXT_URL=3f2a', 'http://h.test/x.pdf')).toBeUndefined();
    expect(gateIdFromHtml('<a class="btn" href="/en/research/disclaimer/disclaimer?NEXT_URL=ab-12">Accetto</a>')).toBe('ab-12');
    expect(gateIdFromHtml('<p>Errore interno</p>')).toBeUndefined();
  });

  it('refuses ids that could inject into a Cookie header', () => {
    expect(gateIdFromUrl('/disclaimer?NEXT_URL=a%3Bb%3Dc', 'http://h.test/')).toBeUndefined();
  });
});

describe('host scheduler', () => {
  it('spaces slots per host, independently across hosts, and honours deferrals and raised intervals', async () => {
    let t = 0;
    const waits: string[] = [];
    const s = createHostScheduler({ baseIntervalMs: 100, now: () => t, sleep: async (ms) => void (waits.push(String(ms)), (t += ms)) });
    await s.acquire('a');
    await s.acquire('b');
    await s.acquire('a'); // waits 100
    s.setMinInterval('a', 1000);
    await s.acquire('a'); // waits 1000 from the previous slot
    s.deferUntil('b', t + 5000);
    await s.acquire('b');
    expect(waits).toEqual(['100', '1000', '5000']);
  });
});
