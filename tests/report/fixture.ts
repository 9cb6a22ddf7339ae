import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, NewObservation } from '../../db/schema.ts';
import { EMILIA_ROMAGNA, membersAt } from '../../src/domain/registry/index.ts';
import { quarterFromIndex, quarterIndex, quarterPeriod } from '../../src/domain/period.ts';

/**
 * A realistic Emilia-Romagna dataset for the report tests and the benchmark: the registry's
 * entities, two loaded notes and one quarantined note.
 *
 * Mirandola's quarterly exports (millions of euro) are chosen so the published points hold:
 * 2024Q1 = 162 (+19.9%), 2022 = 479 (a record year), 2025Q1 = 131 (OpportunItaly profile).
 * Note n. 68 (ref 2024Q4) prints 2024Q4 = 143; note n. 69 (ref 2025Q1) revises it to 145.
 */
export const MIRANDOLA: Record<string, number> = {
  '2019Q1': 100, '2019Q2': 105, '2019Q3': 98, '2019Q4': 110,
  '2020Q1': 92, '2020Q2': 85, '2020Q3': 101, '2020Q4': 108,
  '2021Q1': 104, '2021Q2': 110, '2021Q3': 106, '2021Q4': 115,
  '2022Q1': 118, '2022Q2': 121, '2022Q3': 117, '2022Q4': 123,
  '2023Q1': 135.1, '2023Q2': 128, '2023Q3': 120, '2023Q4': 126,
  '2024Q1': 162, '2024Q2': 140, '2024Q3': 131, '2024Q4': 145,
  '2025Q1': 131,
};

/** Smooth, deterministic levels for the other series: base × trend × season. */
function modelled(base: number, growth: number, seed: number, qi: number): number {
  const season = [1.0, 1.06, 0.93, 1.04][qi % 4]!;
  const t = qi - quarterIndex(2019, 1);
  const wiggle = 1 + 0.03 * Math.sin(seed * 1.7 + t * 0.9);
  const covid = qi === quarterIndex(2020, 2) ? 0.78 : qi === quarterIndex(2020, 3) ? 0.93 : 1;
  return Math.round(base * (1 + growth) ** (t / 4) * season * wiggle * covid * 10) / 10;
}

export const SERIES: Record<string, (qi: number) => number> = {
  'biomedicale-mirandola': (qi) => {
    const { year, quarter } = quarterFromIndex(qi);
    const v = MIRANDOLA[`${year}Q${quarter}`];
    if (v === undefined) throw new Error(`fixture has no Mirandola value for ${year}Q${quarter}`);
    return v;
  },
  'biomedicale-bologna': (qi) => modelled(88, 0.05, 2, qi),
  'ict-bologna-modena': (qi) => modelled(210, 0.035, 3, qi),
  'er-totale-distretti': (qi) => modelled(4700, 0.03, 5, qi),
};

export const yoyOf = (cur: number, prev: number) => Math.round((cur / prev - 1) * 1000) / 10;

export interface FixtureRelease {
  readonly id: number;
  readonly noteNumber: string;
  readonly refYear: number;
  readonly refQuarter: number;
}

export interface Fixture {
  readonly entityIds: Record<string, number>;
  readonly n68: FixtureRelease;
  readonly n69: FixtureRelease;
}

/**
 * Inserts the fixture. `source` is the releases' source adapter ('sample' makes every
 * brief page carry the sample-publisher notice).
 */
export async function insertFixture(db: Kysely<Database>, opts: { source?: string } = {}): Promise<Fixture> {
  const source = opts.source ?? 'intesa-live';
  const entityIds: Record<string, number> = {};
  for (const e of EMILIA_ROMAGNA.entities) {
    const row = await db
      .insertInto('entities')
      .values({ slug: e.slug, name: e.name, kind: e.kind, sector: e.sector, region: e.region, data_source: e.dataSource ?? 'ISTAT' })
      .returning('id')
      .executeTakeFirstOrThrow();
    entityIds[e.slug] = row.id;
  }

  const release = async (r: { note: string; refYear: number; refQuarter: number; coverYear: number; coverMonth: number; cutoff: string; status?: 'loaded' | 'quarantined' }) => {
    const bytes = Buffer.from(`%PDF-1.4 fixture note ${r.note}`);
    const sha = createHash('sha256').update(bytes).digest('hex');
    await db.insertInto('raw_documents').values({ sha256: sha, bytes, byte_size: bytes.length, content_type: 'application/pdf' }).execute();
    const row = await db
      .insertInto('releases')
      .values({
        source,
        series: 'monitor-distretti-emilia-romagna',
        region: 'emilia-romagna',
        title: "Monitor dei Distretti dell'Emilia-Romagna",
        cover_year: r.coverYear,
        cover_month: r.coverMonth,
        note_number: r.note,
        data_cutoff: r.cutoff,
        ref_year: r.refYear,
        ref_quarter: r.refQuarter,
        published_on: `${r.coverYear}-${String(r.coverMonth).padStart(2, '0')}-15`,
        url: `https://example.test/research/Monitor Emilia-Romagna ${r.note}.pdf`,
        document_sha256: sha,
        status: r.status ?? 'loaded',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, noteNumber: r.note, refYear: r.refYear, refQuarter: r.refQuarter };
  };

  const n68 = await release({ note: 'n. 68', refYear: 2024, refQuarter: 4, coverYear: 2025, coverMonth: 4, cutoff: '2025-03-17' });
  const n69 = await release({ note: 'n. 69', refYear: 2025, refQuarter: 1, coverYear: 2025, coverMonth: 7, cutoff: '2025-06-10' });
  // A quarantined later note must never leak into a brief.
  const bad = await release({ note: 'n. 70', refYear: 2025, refQuarter: 2, coverYear: 2025, coverMonth: 10, cutoff: '2025-09-10', status: 'quarantined' });

  const rows: NewObservation[] = [];
  const obs = (releaseId: number, slug: string, qi: number, metric: 'exports_meur' | 'yoy_pct', value: number, page: number) => {
    const { year, quarter } = quarterFromIndex(qi);
    const p = quarterPeriod(year, quarter);
    rows.push({
      release_id: releaseId,
      entity_id: entityIds[slug]!,
      period_year: p.year,
      period_first_month: p.firstMonth,
      period_last_month: p.lastMonth,
      metric,
      value,
      derived: false,
      page,
      table_id: `p${page}`,
      row_label: slug,
      column_label: `${year}Q${quarter}`,
      raw_text: String(value),
    });
  };
  // Each note prints 5 years of quarters for the hubs and the regional total (pages 3–4),
  // and the reference quarter's yoy for every member district (page 2).
  const printSeries = (releaseId: number, refQi: number, override: (slug: string, qi: number) => number | undefined) => {
    for (const slug of Object.keys(SERIES)) {
      const page = slug === 'er-totale-distretti' ? 3 : 4;
      for (let qi = refQi - 19; qi <= refQi; qi++) {
        const level = override(slug, qi) ?? SERIES[slug]!(qi);
        const prev = override(slug, qi - 4) ?? SERIES[slug]!(qi - 4);
        obs(releaseId, slug, qi, 'exports_meur', level, page);
        obs(releaseId, slug, qi, 'yoy_pct', yoyOf(level, prev), page);
      }
    }
    const { year, quarter } = quarterFromIndex(refQi);
    membersAt(EMILIA_ROMAGNA, year, quarter)
      .filter((e) => e.kind === 'distretto')
      .forEach((e, i) => obs(releaseId, e.slug, refQi, 'yoy_pct', Math.round((Math.sin(i * 2.3 + refQi) * 14 + 1) * 10) / 10, 2));
  };
  printSeries(n68.id, quarterIndex(2024, 4), (slug, qi) => (slug === 'biomedicale-mirandola' && qi === quarterIndex(2024, 4) ? 143 : undefined));
  printSeries(n69.id, quarterIndex(2025, 1), () => undefined);
  printSeries(bad.id, quarterIndex(2025, 2), (slug) => (slug === 'biomedicale-mirandola' ? 999 : undefined));
  // Quarter 2025Q2 only exists in the quarantined note: keep its Mirandola row out of SERIES.
  await db.insertInto('observations').values(rows).execute();
  return { entityIds, n68, n69 };
}
