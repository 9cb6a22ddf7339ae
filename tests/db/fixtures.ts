import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Metric } from '../../src/domain/metric.ts';
import { cumulativeToQuarter, parsePeriodCode, periodCode, quarterPeriod, type Period } from '../../src/domain/period.ts';
import { EMILIA_ROMAGNA, membersAt } from '../../src/domain/registry/index.ts';
import type { EntityDef } from '../../src/domain/registry/types.ts';
import type { ExtractedFigure, ExtractedRelease } from '../../src/domain/release.ts';
import { isSummedBy } from '../../src/transform/validate/entities.ts';
import { loadSampleCatalog } from '../../src/sample-publisher/dataset/index.ts';

/**
 * Builds consistent ExtractedRelease fixtures for Emilia-Romagna the way the
 * publisher prints them: true (unrounded) levels from a deterministic model, printed
 * rounded to one decimal; yoy % and € changes computed from the true levels, then
 * rounded; subtotals summed from true member levels, then rounded. So every rule's
 * rounding tolerance is exercised, not bypassed.
 */
export interface FixtureOptions {
  readonly year: number;
  readonly quarter: 1 | 2 | 3 | 4;
  /** Multiplies every true level (an ISTAT revision between vintages). @defaultValue 1 */
  readonly vintageFactor?: number;
  /** Print the cumulative period (H1, Jan–Sep, year) in Q2–Q4 releases. @defaultValue false */
  readonly cumulative?: boolean;
  /** Also print Q1 of the reference year (so Q2 can be derived from H1 − Q1). @defaultValue false */
  readonly printQ1?: boolean;
  readonly coverYear?: number;
  readonly coverMonth?: number;
  readonly dataCutoff?: string | null;
}

const hashUnit = (s: string): number => createHash('sha256').update(s).digest().readUInt32BE(0) / 2 ** 32;

/** True (unrounded) level of a non-aggregate entity for a month span. */
export function trueLevel(e: EntityDef, p: Period, vintageFactor = 1): number {
  let sum = 0;
  for (let m = p.firstMonth; m <= p.lastMonth; m++) {
    const t = (p.year - 2017) * 12 + m;
    const base = 8 + 60 * hashUnit(e.slug);
    sum += base * (1 + 0.004 * t) * (1 + 0.08 * Math.sin((m / 12) * 2 * Math.PI + hashUnit(e.slug + 'phase') * 6));
  }
  return sum * vintageFactor;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Italian print form of a value: decimal comma, thousands dot, explicit sign for changes. */
export function italian(v: number, signed: boolean): string {
  const [int, dec] = Math.abs(v).toFixed(1).split('.') as [string, string];
  const body = `${int.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${dec}`;
  return v < 0 ? `-${body}` : signed ? `+${body}` : body;
}

export function buildRelease(o: FixtureOptions): ExtractedRelease {
  const vf = o.vintageFactor ?? 1;
  const members = membersAt(EMILIA_ROMAGNA, o.year, o.quarter);
  const plain = members.filter((e) => e.kind !== 'aggregato');
  const level = (e: EntityDef, p: Period): number =>
    e.kind === 'aggregato'
      ? plain.filter((m) => isSummedBy(e, m)).reduce((a, m) => a + trueLevel(m, p, vf), 0)
      : trueLevel(e, p, vf);
  const periods: Period[] = [quarterPeriod(o.year, o.quarter)];
  if (o.cumulative && o.quarter > 1) periods.push(cumulativeToQuarter(o.year, o.quarter));
  if (o.printQ1 && o.quarter > 1) periods.push(quarterPeriod(o.year, 1));
  const sha = createHash('sha256').update(`fixture ${o.year}Q${o.quarter} ${vf} ${o.cumulative} ${o.printQ1}`).digest('hex');
  const figures: ExtractedFigure[] = [];
  members.forEach((e, row) => {
    const table = e.kind === 'polo' || e.aggregates === 'poli' ? 'p4-poli' : 'p3-distretti';
    const page = table === 'p4-poli' ? 4 : 3;
    const push = (p: Period, metric: Metric, value: number, col: number): void => {
      const v = round1(value);
      figures.push({
        entity: e.name,
        kind: e.kind,
        period: p,
        metric,
        value: v,
        provenance: {
          documentSha256: sha,
          page,
          x: 300 + col * 60,
          y: 700 - row * 14,
          tableId: table,
          rowLabel: e.name,
          columnLabel: `${periodCode(p)} | ${metric}`,
          rawText: italian(v, metric !== 'exports_meur'),
        },
      });
    };
    periods.forEach((p, i) => {
      const prevP = { ...p, year: p.year - 1 };
      const cur = level(e, p);
      const prev = level(e, prevP);
      push(p, 'exports_meur', cur, i * 4);
      push(prevP, 'exports_meur', prev, i * 4 + 1);
      push(p, 'yoy_pct', (cur / prev - 1) * 100, i * 4 + 2);
      push(p, 'delta_meur', cur - prev, i * 4 + 3);
    });
  });
  const coverMonth = o.coverMonth ?? ((o.quarter * 3 + 3) % 12) + 1;
  const coverYear = o.coverYear ?? (o.quarter === 4 ? o.year + 1 : o.year);
  return {
    documentSha256: sha,
    meta: {
      series: 'monitor-distretti-emilia-romagna',
      region: 'emilia-romagna',
      title: "Monitor dei Distretti dell'Emilia-Romagna",
      coverMonth,
      coverYear,
      noteNumber: `n. ${4 * o.year + o.quarter - 8033}`,
      dataCutoff: o.dataCutoff === undefined ? `${coverYear}-${String(coverMonth).padStart(2, '0')}-01` : o.dataCutoff,
      referenceYear: o.year,
      referenceQuarter: o.quarter,
      department: 'Research Department',
    },
    figures,
    fingerprint: { pageCount: 6, sections: ['Executive Summary'], tables: [{ id: 'p3-distretti', heading: 'Distretti', columns: ['Milioni di euro'], entityCount: 26 }] },
  };
}

/** A copy of the release with `fn` applied to its figures. */
export function withFigures(r: ExtractedRelease, fn: (fs: ExtractedFigure[]) => ExtractedFigure[]): ExtractedRelease {
  return { ...r, figures: fn([...r.figures]) };
}

/** Replaces the value of one figure (entity, period code, metric). Throws if absent. */
export function setValue(r: ExtractedRelease, entity: string, period: string, metric: Metric, value: number): ExtractedRelease {
  let hit = false;
  const out = withFigures(r, (fs) =>
    fs.map((f) => {
      if (f.entity === entity && periodCode(f.period) === period && f.metric === metric) {
        hit = true;
        return { ...f, value, provenance: { ...f.provenance, rawText: italian(value, metric !== 'exports_meur') } };
      }
      return f;
    }),
  );
  if (!hit) throw new Error(`fixture has no ${entity} ${period} ${metric}`);
  return out;
}

/** The printed value of one figure. Throws if absent. */
export function valueOf(r: ExtractedRelease, entity: string, period: string, metric: Metric): number {
  const f = r.figures.find((x) => x.entity === entity && periodCode(x.period) === period && x.metric === metric);
  if (!f) throw new Error(`fixture has no ${entity} ${period} ${metric}`);
  return f.value;
}

/**
 * Moves one entity's current level by `by` €M and re-prints its yoy and € change
 * consistently, so only the sums that include it disagree.
 */
export function shiftLevelConsistently(r: ExtractedRelease, entity: string, period: string, prevPeriod: string, by: number): ExtractedRelease {
  const cur = round1(valueOf(r, entity, period, 'exports_meur') + by);
  const prev = valueOf(r, entity, prevPeriod, 'exports_meur');
  let out = setValue(r, entity, period, 'exports_meur', cur);
  out = setValue(out, entity, period, 'yoy_pct', round1((cur / prev - 1) * 100));
  return setValue(out, entity, period, 'delta_meur', round1(cur - prev));
}

/** Stores a raw document row for the release's hash (loads reference it by foreign key). */
export async function storeDocument(db: Kysely<Database>, r: ExtractedRelease, byteSize = 12345): Promise<void> {
  await db
    .insertInto('raw_documents')
    .values({ sha256: r.documentSha256, bytes: Buffer.alloc(byteSize, 1), byte_size: byteSize, content_type: 'application/pdf' })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

/**
 * The committed sample archive (data/sample, helper A's dataset) as ExtractedRelease
 * values, as a perfect extractor would return them (provenance synthesised). Oldest first.
 */
export function sampleArchive(): Array<{ id: string; publishedOn: string; release: ExtractedRelease }> {
  const catalog = loadSampleCatalog();
  return catalog.releases().map((r) => {
    const sha = createHash('sha256').update(`sample ${r.id}`).digest('hex');
    const figures: ExtractedFigure[] = catalog.figures(r.id).map((f, i) => ({
      entity: f.entity,
      kind: f.kind,
      period: parsePeriodCode(f.period),
      metric: f.metric,
      value: f.value,
      provenance: {
        documentSha256: sha,
        page: f.kind === 'polo' ? 4 : 3,
        x: 300,
        y: 700 - i,
        tableId: 'sample',
        rowLabel: f.entity,
        columnLabel: `${f.period} | ${f.metric}`,
        rawText: italian(f.value, f.metric !== 'exports_meur'),
      },
    }));
    return {
      id: r.id,
      publishedOn: r.publishedOn,
      release: {
        documentSha256: sha,
        meta: {
          series: r.series,
          region: r.region,
          title: r.title,
          coverMonth: r.coverMonth,
          coverYear: r.coverYear,
          noteNumber: r.noteNumber,
          dataCutoff: r.dataCutoff,
          referenceYear: r.refYear,
          referenceQuarter: r.refQuarter,
          department: r.department,
        },
        figures,
        fingerprint: { pageCount: 6, sections: [r.layout], tables: [] },
      },
    };
  });
}
