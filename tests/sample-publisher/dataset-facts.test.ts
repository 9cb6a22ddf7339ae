import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PublishedFact } from '../../src/sample-publisher/dataset/index.ts';
import { DatasetError, loadSampleCatalog, publishedFacts, reinterpretationReason, relaxationReason, releaseOfPeriod, reproduces, round1 } from '../../src/sample-publisher/dataset/index.ts';
import { parsePublishedFacts } from '../../src/sample-publisher/dataset/facts.ts';
import { formatCsv, parseCsv } from '../../src/sample-publisher/dataset/csv.ts';

const facts = publishedFacts();
const find = (entity: string, period: string, metric: string): PublishedFact => {
  const f = facts.facts.find((x) => x.entity === entity && x.period === period && x.metric === metric);
  if (!f) throw new Error(`no fact ${entity} ${period} ${metric}`);
  return f;
};

describe('sample dataset: reading the published figures', () => {
  it.each([
    ['Totale distretti Emilia-Romagna', '2019', 'exports_meur', { kind: 'rounded', unit: 100 }], // "17,5 miliardi"
    ['Totale distretti Emilia-Romagna', '2020', 'exports_meur', { kind: 'rounded', unit: 10 }],
    ['Totale distretti Emilia-Romagna', '2021', 'exports_meur', { kind: 'rounded', unit: 1000 }], // "19 mld"
    ['Totale distretti Emilia-Romagna', '2024M01-06', 'exports_meur', { kind: 'lowerBound', unit: 1000 }],
    ['Agro-alimentare (distretti ER)', '2024Q1', 'exports_meur', { kind: 'lowerBound', unit: 100 }],
    ['Piastrelle di Sassuolo', '2022', 'delta_meur', { kind: 'exact' }], // "(lower bound)" is about the level
    ['Biomedicale di Mirandola', '2024Q1', 'exports_meur', { kind: 'exact' }],
    ["Macchine per l'imballaggio di Bologna", '2017Q1', 'exports_meur', { kind: 'exact' }],
    ['Alimentare di Parma', '2023Q1', 'exports_meur', { kind: 'rounded', unit: 1 }], // 428/367 ≠ +16,5%
    ['Totale poli tecnologici Emilia-Romagna', '2021M01-09', 'vs2019_pct', { kind: 'rounded', unit: 1 }], // "+6%"
  ] as const)('%s %s %s has precision %j', (entity, period, metric, precision) => {
    expect(find(entity, period, metric).precision).toEqual(precision);
  });

  it('the agro-food Jan–Sep 2021 cell is read as vs 2019 (+16,6%), with +12,5% yoy from the other source, and says why', () => {
    expect(find('Agro-alimentare (distretti ER)', '2021M01-09', 'vs2019_pct')).toMatchObject({ value: 16.6, origin: 'column' });
    expect(find('Agro-alimentare (distretti ER)', '2021M01-09', 'yoy_pct')).toMatchObject({ value: 12.5, origin: 'note' });
    expect(reinterpretationReason('o64:yoy_pct')).toMatch(/sources disagree/);
  });

  it('every press-rounded integer says why', () => {
    for (const f of facts.facts) {
      if (f.precision.kind === 'rounded' && f.precision.unit === 1 && f.metric !== 'vs2019_pct') expect(relaxationReason(f.id), f.id).toMatch(/press-rounded/);
    }
  });

  it('figures in notes become facts of their own metric; settore rows are aggregates', () => {
    expect(find('Ciclomotori di Bologna', '2023Q1', 'delta_meur')).toMatchObject({ value: 76, origin: 'note', releaseId: 'er-2023Q1' });
    expect(find('Ciclomotori di Bologna', '2016Q1', 'exports_meur')).toMatchObject({ value: 179, releaseId: null });
    expect(find('Meccanica (distretti ER)', '2023Q1', 'delta_meur')).toMatchObject({ value: 589, kind: 'aggregato' });
    expect(find('Totale distretti Emilia-Romagna', '2021', 'vs2019_pct').value).toBe(6);
    expect(find('Alimentare di Parma', '2023Q1', 'exports_meur').source).toMatch(/lapressa/);
    expect(facts.growthCounts.find((g) => g.period === '2018Q3')).toMatchObject({ growing: 6, of: 19, releaseId: 'er-2018Q3' });
    expect(facts.ignoredNotes.every((n) => n.note !== '' && n.reason !== '')).toBe(true);
  });

  it('a period belongs to the release of its last quarter; before 2018 to the base vintage', () => {
    expect(releaseOfPeriod('2022M01-09')).toBe('er-2022Q3');
    expect(releaseOfPeriod('2024')).toBe('er-2024Q4');
    expect(releaseOfPeriod('2017Q4')).toBeNull();
  });

  it('an unknown entity or a bad number is a typed error naming the row', () => {
    const head = 'district,kind,quarter,exports_meur,yoy_pct,source_url,note\n';
    const other = 'entity,kind,period,exports_meur,yoy_pct,delta_meur,source_url,note\n';
    expect(() => parsePublishedFacts(`${head}Biomedicale di Atlantide,polo,2020Q1,,1.0,http://x,\n`, other)).toThrow(DatasetError);
    try {
      parsePublishedFacts(`${head}Biomedicale di Mirandola,polo,2020Q1,,abc,http://x,\n`, other);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DatasetError);
      expect((e as DatasetError).code).toBe('DATASET_BAD_NUMBER');
      expect((e as DatasetError).message).toMatch(/q2/);
    }
  });

  it.each([
    [{ kind: 'exact' }, 19.9, 19.9, true],
    [{ kind: 'exact' }, 19.9, 19.8, false],
    [{ kind: 'rounded', unit: 100 }, 17500, 17549.9, true],
    [{ kind: 'rounded', unit: 100 }, 17500, 17550, false],
    [{ kind: 'rounded', unit: 1 }, 428, 428.4, true],
    [{ kind: 'lowerBound', unit: 100 }, 2400, 2430.5, true],
    [{ kind: 'lowerBound', unit: 100 }, 2400, 2399.9, false],
  ] as const)('reproduces(%j, %d) with %d → %s', (precision, value, printed, ok) => {
    const f = { ...find('Biomedicale di Mirandola', '2024Q1', 'exports_meur'), precision, value };
    expect(reproduces(f, printed)).toBe(ok);
  });

  it('rounds half away from zero, never −0', () => {
    expect(round1(2.25)).toBe(2.3);
    expect(round1(-2.25)).toBe(-2.3);
    expect(Object.is(round1(-0.04), 0)).toBe(true);
  });

  it('CSV round trip keeps commas, quotes and apostrophes', () => {
    const text = formatCsv(['a', 'b'], [["Macchine per l'imballaggio", 'x, "y"'], ['1', '']]);
    expect(parseCsv(text)).toEqual([['a', 'b'], ["Macchine per l'imballaggio", 'x, "y"'], ['1', '']]);
  });
});

describe('sample dataset: loading', () => {
  it('is memoised per directory and fails with a typed error naming the missing file', () => {
    expect(loadSampleCatalog()).toBe(loadSampleCatalog());
    const dir = mkdtempSync(join(tmpdir(), 'distretti-sample-'));
    try {
      expect(() => loadSampleCatalog(dir)).toThrow(/releases\.csv is missing: run `npm run sample:generate`/);
      writeFileSync(join(dir, 'releases.csv'), 'id,ref_quarter,ref_year\ner-2020Q5,5,2020\n');
      writeFileSync(join(dir, 'release_figures.csv'), 'release_id,entity,kind,period,metric,value,modelled,source\n');
      try {
        loadSampleCatalog(dir);
        expect.unreachable();
      } catch (e) {
        expect((e as DatasetError).code).toBe('DATASET_BAD_FILE');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
