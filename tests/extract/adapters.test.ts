import { describe, expect, it } from 'vitest';
import {
  ADAPTER_IDS,
  getAdapter,
  INTESA_PDF_PATH_PREFIX,
  matchSeries,
  MONITOR_SERIES,
  readItalianMonthYear,
  readIsoDate,
} from '../../src/extract/adapters/index.ts';
import { entryMonthYear } from '../../src/extract/discover.ts';

describe('series recognition by title', () => {
  const cases: [string, string | undefined][] = [
    ["Monitor dei Distretti dell'Emilia-Romagna", 'monitor-distretti-emilia-romagna'],
    ["Monitor dei Distretti dell'Emilia Romagna", 'monitor-distretti-emilia-romagna'],
    ['Monitor dei Distretti dell’Emilia-Romagna', 'monitor-distretti-emilia-romagna'],
    ['Monitor dei distretti dell’Emilia – Romagna', 'monitor-distretti-emilia-romagna'],
    ['  MONITOR DEI DISTRETTI\u00a0DELL\u2019EMILIA-ROMAGNA ', 'monitor-distretti-emilia-romagna'],
    ['Monitor dei Distretti della Lombardia', 'monitor-distretti-lombardia'],
    ['Monitor dei Distretti del Piemonte', 'monitor-distretti-piemonte'],
    ['Monitor dei Distretti del Triveneto', 'monitor-distretti-triveneto'],
    ['Monitor dei Distretti delle Marche', 'monitor-distretti-marche'],
    ["Monitor dei Distretti dell'Umbria", 'monitor-distretti-umbria'],
    ['Monitor dei Distretti', 'monitor-dei-distretti'],
    ['Monitor dei Poli Tecnologici', 'monitor-poli-tecnologici'],
    ['Economia e finanza dei distretti industriali', undefined],
    ['Weekly Economic Monitor', undefined],
    ["Monitor dei Distretti dell'Emilia-Romagna e delle Marche", undefined],
  ];
  it.each(cases)('%j → %s', (title, id) => {
    expect(matchSeries(MONITOR_SERIES, title)?.id).toBe(id);
  });

  it('only Emilia-Romagna is ingested by default', () => {
    expect(MONITOR_SERIES.filter((s) => s.enabled).map((s) => s.id)).toEqual(['monitor-distretti-emilia-romagna']);
  });
});

describe('Italian month and year', () => {
  it.each([
    ['Giugno 2025', { year: 2025, month: 6 }],
    ['26 giugno 2025', { year: 2025, month: 6 }],
    ['Ottobre 2020', { year: 2020, month: 10 }],
    ['ott. 2020', { year: 2020, month: 10 }],
    ['Monitor – Gennaio 2021', { year: 2021, month: 1 }],
    ['Nota 2025', undefined],
    ['Giugnoo 2025', undefined],
  ])('%j', (text, want) => {
    expect(readItalianMonthYear(text)).toEqual(want);
  });

  it('reads ISO dates from datetime attributes', () => {
    expect(readIsoDate('2025-06-26')).toEqual({ year: 2025, month: 6, day: 26 });
    expect(readIsoDate('2025-13-01')).toBeUndefined();
  });

  it('prefers the subtitle, then the title, then the date', () => {
    const adapter = getAdapter('sample', { baseUrl: 'http://x.test' });
    const entry = { title: 'Monitor dei Distretti', href: 'http://x.test/a.pdf' };
    expect(entryMonthYear({ ...entry, subtitle: 'Luglio 2023', dateText: '2023-08-01' }, adapter)).toEqual({ year: 2023, month: 7 });
    expect(entryMonthYear({ ...entry, subtitle: undefined, dateText: '2023-08-01' }, adapter)).toEqual({ year: 2023, month: 8 });
    expect(entryMonthYear({ ...entry, subtitle: 'edizione speciale', dateText: undefined }, adapter)).toBeUndefined();
  });
});

describe('getAdapter', () => {
  it('builds the sample adapter on a base URL, allowing only its host', () => {
    const a = getAdapter('sample', { baseUrl: 'http://127.0.0.1:4321' });
    expect(a.verified).toBe(true);
    expect(a.listingUrls).toEqual(['http://127.0.0.1:4321/it/research/ricerche-e-pubblicazioni']);
    expect(a.allowedHosts).toEqual(['127.0.0.1:4321']);
    expect(a.selectors.entry).toBe('article.research-card');
    expect(Object.isFrozen(a) && Object.isFrozen(a.selectors)).toBe(true);
  });

  it('marks the live adapter unverified and keeps it on the publisher host', () => {
    const a = getAdapter('intesa-live');
    expect(a.verified).toBe(false);
    expect(a.allowedHosts).toEqual(['group.intesasanpaolo.com']);
    expect(a.listingUrls.every((u) => u.startsWith('https://group.intesasanpaolo.com/'))).toBe(true);
    expect(INTESA_PDF_PATH_PREFIX).toBe('/content/dam/portalgroup/repository-documenti/research/it/');
  });

  it('enables another series by id, and refuses unknown ids, sources and base URLs', () => {
    const a = getAdapter('intesa-live', { enableSeries: ['monitor-distretti-piemonte'] });
    expect(a.series.filter((s) => s.enabled).map((s) => s.id).sort()).toEqual(['monitor-distretti-emilia-romagna', 'monitor-distretti-piemonte']);
    // The shared catalogue is untouched.
    expect(MONITOR_SERIES.find((s) => s.id === 'monitor-distretti-piemonte')?.enabled).toBe(false);
    expect(() => getAdapter('intesa-live', { enableSeries: ['monitor-distretti-atlantide'] })).toThrow(/atlantide/);
    expect(() => getAdapter('nope')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => getAdapter('sample')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => getAdapter('sample', { baseUrl: 'file:///tmp' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(ADAPTER_IDS).toEqual(['sample', 'intesa-live']);
  });
});
