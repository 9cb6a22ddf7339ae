/**
 * Load benchmark for the scale simulation of issue 5 ("all of Italy's monitors"):
 * 20 regional series × 25 entities × 60 quarterly releases, each release printing
 * the last 4 quarters × 4 metrics (so each quarter has up to 4 vintages) ≈ 468k
 * observations. Loads them with our bulk path (`unnest`, ON CONFLICT, one
 * transaction) and with the baseline — one INSERT per row in one transaction — in
 * the same process, each into a fresh schema; prints medians, rows/s and the ratio.
 * Also times a no-op reload (idempotency at scale) and, unless --skip-releases, the
 * production per-release path (`loadRelease`, one transaction per release).
 *
 *   npm run bench:load -- [--runs 3] [--row-by-row-sample 60000] [--regions 20]
 *
 * Row-by-row over the full ~468k rows takes ~40 s here, so by default it is measured
 * on the first `--row-by-row-sample` rows (say `all` for every row); rows/s are
 * comparable because both paths insert into the same indexed table from empty.
 * Uses BENCH_DATABASE_URL (default the local `test` database) in its own schema,
 * dropped at the end.
 */
import { randomBytes, createHash } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { connectDatabase, type DbHandle } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrator.ts';
import type { Database } from '../db/schema.ts';
import { syncRegistry } from '../db/queries/entities.ts';
import { insertObservationsRowByRow, upsertObservationRows, type KeyedObservationRow } from '../db/queries/observations.ts';
import { loadRelease } from '../db/queries/releases.ts';
import { figureToRow } from '../src/transform/to-rows.ts';
import type { Metric } from '../src/domain/metric.ts';
import { quarterFromIndex, quarterIndex, quarterPeriod } from '../src/domain/period.ts';
import type { EntityDef, RegionRegistry } from '../src/domain/registry/types.ts';
import type { ExtractedFigure, ExtractedRelease } from '../src/domain/release.ts';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ScaleOptions {
  /** @defaultValue 20 */ readonly regions: number;
  /** @defaultValue 25 */ readonly entitiesPerRegion: number;
  /** Quarterly releases per region, from 2011Q1. @defaultValue 60 */ readonly quarters: number;
  /** Quarters each release prints (its own and the ones before: the vintages). @defaultValue 4 */ readonly window: number;
}

export const DEFAULT_SCALE: ScaleOptions = { regions: 20, entitiesPerRegion: 25, quarters: 60, window: 4 };
const METRICS: readonly Metric[] = ['exports_meur', 'yoy_pct', 'delta_meur', 'vs2019_pct'];
const FIRST_QUARTER = quarterIndex(2011, 1);

/** One simulated release: its region and reference quarter, and what it prints. */
export interface SimRelease {
  readonly region: string;
  readonly refYear: number;
  readonly refQuarter: number;
  readonly extracted: ExtractedRelease;
}

const unit = (s: string): number => createHash('sha1').update(s).digest().readUInt32BE(0) / 2 ** 32;
const r1 = (x: number): number => Math.round(x * 10) / 10;

/** A synthetic regional registry: `n` districts named after the region. Deterministic. */
export function simRegistry(regionIndex: number, n: number): RegionRegistry {
  const region = `sim-region-${String(regionIndex).padStart(2, '0')}`;
  const entities: EntityDef[] = Array.from({ length: n }, (_, i) => ({
    name: `Distretto simulato ${i + 1} (${region})`,
    slug: `${region}-d${String(i + 1).padStart(2, '0')}`,
    kind: 'distretto',
    sector: 'Meccanica',
    region,
    aliases: [],
  }));
  return { region, label: region, entities };
}

/**
 * The scale simulation: every region's releases, each printing `window` quarters ×
 * 4 metrics per entity, values revised a little from vintage to vintage.
 * Deterministic (hash-seeded), so runs compare like with like.
 */
export function simulateScale(o: ScaleOptions = DEFAULT_SCALE): { registries: RegionRegistry[]; releases: SimRelease[] } {
  const registries = Array.from({ length: o.regions }, (_, i) => simRegistry(i + 1, o.entitiesPerRegion));
  const releases: SimRelease[] = [];
  for (const reg of registries) {
    for (let q = 0; q < o.quarters; q++) {
      const ref = quarterFromIndex(FIRST_QUARTER + q);
      const sha = createHash('sha256').update(`${reg.region} ${q}`).digest('hex');
      const figures: ExtractedFigure[] = [];
      reg.entities.forEach((e, row) => {
        const base = 20 + 400 * unit(e.slug);
        const phase = unit(`${e.slug}s`) * 6;
        // level of quarter t as vintage q prints it: trend, season, small revision per vintage
        const level = (t: number): number =>
          base * (1 + 0.006 * t) * (1 + 0.05 * Math.sin(t * 1.57 + phase)) * (1 + 0.003 * (q - t));
        for (let t = Math.max(0, q - o.window + 1); t <= q; t++) {
          const p = quarterPeriod(quarterFromIndex(FIRST_QUARTER + t).year, quarterFromIndex(FIRST_QUARTER + t).quarter);
          const cur = level(t);
          const prev = level(t - 4);
          const values: Record<Metric, number> = {
            exports_meur: r1(cur),
            yoy_pct: r1((cur / prev - 1) * 100),
            delta_meur: r1(cur - prev),
            vs2019_pct: r1((cur / level(t - 4 * 3) - 1) * 100),
          };
          METRICS.forEach((metric, col) => {
            figures.push({
              entity: e.name,
              kind: 'distretto',
              period: p,
              metric,
              value: values[metric],
              provenance: {
                documentSha256: sha,
                page: 3,
                x: 250 + 40 * col + 160 * (q - t),
                y: 700 - 14 * row,
                tableId: 'p3-distretti',
                rowLabel: e.name,
                columnLabel: `${p.year}Q${(p.firstMonth + 2) / 3} | ${metric}`,
                rawText: String(values[metric]).replace('.', ','),
              },
            });
          });
        }
      });
      const cover = quarterFromIndex(FIRST_QUARTER + q + 2);
      releases.push({
        region: reg.region,
        refYear: ref.year,
        refQuarter: ref.quarter,
        extracted: {
          documentSha256: sha,
          meta: {
            series: `monitor-distretti-${reg.region}`,
            region: reg.region,
            title: `Monitor dei Distretti (${reg.region})`,
            coverYear: cover.year,
            coverMonth: cover.quarter * 3,
            noteNumber: `n. ${q + 1}`,
            dataCutoff: null,
            referenceYear: ref.year,
            referenceQuarter: ref.quarter,
            department: null,
          },
          figures,
          fingerprint: { pageCount: 6, sections: [], tables: [] },
        },
      });
    }
  }
  return { registries, releases };
}

/** A fresh migrated schema with the simulation's entities, documents and release rows (untimed). */
export async function prepareSchema(sim: ReturnType<typeof simulateScale>): Promise<{
  handle: DbHandle;
  schema: string;
  rows: KeyedObservationRow[];
}> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = await connectDatabase({ databaseUrl: DATABASE_URL, maxConnections: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const handle = await connectDatabase({ databaseUrl: DATABASE_URL, schema, maxConnections: 2 });
  await migrateToLatest(handle.db);
  const db = handle.db;
  const ids = new Map<string, number>();
  for (const reg of sim.registries) for (const [name, id] of await syncRegistry(db, reg)) ids.set(name, id);
  const rows: KeyedObservationRow[] = [];
  for (let i = 0; i < sim.releases.length; i += 500) {
    const batch = sim.releases.slice(i, i + 500);
    await db
      .insertInto('raw_documents')
      .values(batch.map((r) => ({ sha256: r.extracted.documentSha256, bytes: Buffer.from('%PDF-sim'), byte_size: 8, content_type: 'application/pdf' })))
      .execute();
    const inserted = await db
      .insertInto('releases')
      .values(
        batch.map((r) => ({
          source: 'bench',
          series: r.extracted.meta.series,
          region: r.region,
          title: r.extracted.meta.title,
          cover_year: r.extracted.meta.coverYear,
          cover_month: r.extracted.meta.coverMonth,
          ref_year: r.refYear,
          ref_quarter: r.refQuarter,
          document_sha256: r.extracted.documentSha256,
          status: 'loaded' as const,
        })),
      )
      .returning('id')
      .execute();
    batch.forEach((r, j) => {
      const releaseId = (inserted[j] as { id: number }).id;
      for (const f of r.extracted.figures) rows.push({ release_id: releaseId, ...figureToRow(f, ids.get(f.entity) as number) });
    });
  }
  return { handle, schema, rows };
}

export async function dropSchema(handle: DbHandle, schema: string): Promise<void> {
  await handle.close();
  const admin = await connectDatabase({ databaseUrl: DATABASE_URL, maxConnections: 1 });
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
  await admin.close();
}

const count = async (db: Kysely<Database>): Promise<number> =>
  (await sql<{ n: number }>`select count(*)::int as n from observations`.execute(db)).rows[0]?.n ?? 0;

interface Measured {
  rows: number;
  ms: number;
}

async function timed(fn: () => Promise<number>): Promise<Measured> {
  const t0 = performance.now();
  const rows = await fn();
  return { rows, ms: performance.now() - t0 };
}

/**
 * The server-side floor: the rows just loaded, copied to a temp table, the table
 * emptied, then re-inserted by one INSERT … SELECT — no client, no parsing, same
 * foreign keys, indexes and checks. No client path can beat it, so it says how much
 * of the gap to a target is the client's and how much the table's own insert cost.
 */
async function serverFloor(db: Kysely<Database>): Promise<Measured> {
  return db.connection().execute(async (conn) => {
    await sql`create temp table floor_src as select * from observations`.execute(conn);
    const n = (await sql<{ n: number }>`select count(*)::int as n from floor_src`.execute(conn)).rows[0]?.n ?? 0;
    await sql`truncate observations`.execute(conn);
    const m = await timed(async () => {
      await sql`begin`.execute(conn);
      await sql`insert into observations select * from floor_src`.execute(conn);
      await sql`commit`.execute(conn);
      return n;
    });
    await sql`drop table floor_src`.execute(conn);
    return m;
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const rate = (m: Measured): number => (m.rows / m.ms) * 1000;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      'row-by-row-sample': { type: 'string', default: '60000' },
      regions: { type: 'string', default: String(DEFAULT_SCALE.regions) },
      'skip-releases': { type: 'boolean', default: false },
    },
  });
  const runs = Math.max(1, Number(values.runs));
  const scale = { ...DEFAULT_SCALE, regions: Number(values.regions) };
  const sim = simulateScale(scale);
  const total = sim.releases.reduce((n, r) => n + r.extracted.figures.length, 0);
  const sampleArg = values['row-by-row-sample'];
  const sample = sampleArg === 'all' ? total : Math.min(total, Number(sampleArg));

  const pg = await connectDatabase({ databaseUrl: DATABASE_URL, maxConnections: 1 });
  const version = (await sql<{ server_version: string }>`show server_version`.execute(pg.db)).rows[0]?.server_version;
  await pg.close();
  const cpus = os.cpus();
  const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`machine: ${cpus[0]?.model ?? 'cpu'} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, PostgreSQL ${version}`);
  // Other work on the machine slows both paths; the load average says how much to trust absolute rows/s.
  console.log(`load average at start: ${load()}`);
  console.log(
    `simulation: ${scale.regions} regions × ${scale.entitiesPerRegion} entities × ${scale.quarters} releases, ` +
      `${scale.window} quarters × 4 metrics per release → ${fmt(total)} observations in ${sim.releases.length} releases`,
  );
  console.log(`row-by-row baseline measured on ${sample === total ? 'all' : `the first ${fmt(sample)}`} rows; ${runs} run(s) each after a warm-up\n`);

  const bulk: Measured[] = [];
  const reload: Measured[] = [];
  const single: Measured[] = [];
  const perRelease: Measured[] = [];
  const floor: Measured[] = [];

  for (let run = 0; run <= runs; run++) {
    const warm = run === 0;
    // bulk path: everything in one transaction
    {
      const { handle, schema, rows } = await prepareSchema(sim);
      try {
        const input = warm ? rows.slice(0, 20_000) : rows;
        const m = await timed(() =>
          handle.db.transaction().execute(async (trx) => (await upsertObservationRows(trx, input, { copy: false })).inserted),
        );
        if (m.rows !== input.length || (await count(handle.db)) !== input.length) throw new Error(`bulk loaded ${m.rows} of ${input.length}`);
        const again = await timed(() =>
          handle.db.transaction().execute(async (trx) => {
            const c = await upsertObservationRows(trx, input, { copy: false });
            if (c.inserted + c.updated !== 0) throw new Error(`reload changed ${c.inserted + c.updated} rows`);
            return c.unchanged;
          }),
        );
        if (!warm) {
          bulk.push(m);
          reload.push(again);
          floor.push(await serverFloor(handle.db));
        }
      } finally {
        await dropSchema(handle, schema);
      }
    }
    // baseline: one INSERT per row, one transaction
    {
      const { handle, schema, rows } = await prepareSchema(sim);
      try {
        const input = rows.slice(0, warm ? 5_000 : sample);
        const m = await timed(() => handle.db.transaction().execute((trx) => insertObservationsRowByRow(trx, input)));
        if (m.rows !== input.length) throw new Error(`row-by-row loaded ${m.rows} of ${input.length}`);
        if (!warm) single.push(m);
      } finally {
        await dropSchema(handle, schema);
      }
    }
  }

  // production path: loadRelease per release (one transaction each), once
  if (!values['skip-releases']) {
    const { handle, schema } = await prepareSchema({ ...sim, releases: [] });
    try {
      await handle.db
        .insertInto('raw_documents')
        .values(sim.releases.map((r) => ({ sha256: r.extracted.documentSha256, bytes: Buffer.from('%PDF-sim'), byte_size: 8 })))
        .execute();
      const m = await timed(async () => {
        let n = 0;
        for (const r of sim.releases) {
          n += (await loadRelease(handle.db, { release: r.extracted, source: 'bench', url: null, findings: [] })).observationsInserted;
        }
        return n;
      });
      if (m.rows !== total) throw new Error(`loadRelease inserted ${m.rows} of ${total}`);
      perRelease.push(m);
    } finally {
      await dropSchema(handle, schema);
    }
  }

  const line = (name: string, ms: Measured[]): number => {
    const r = median(ms.map(rate));
    const t = median(ms.map((m) => m.ms));
    console.log(`${name.padEnd(44)} ${fmt(ms[0]?.rows ?? 0).padStart(9)} rows  ${fmt(t).padStart(7)} ms  ${fmt(r).padStart(9)} rows/s`);
    return r;
  };
  console.log(`${'path (median of runs)'.padEnd(44)} ${'rows'.padStart(14)}  ${'time'.padStart(10)}  ${'throughput'.padStart(16)}`);
  const f = line('floor: same rows INSERT…SELECT inside the server', floor);
  const b = line('bulk: unnest + ON CONFLICT, 1 transaction', bulk);
  line('bulk reload of the same rows (0 changed)', reload);
  const s = line('baseline: row-by-row INSERT, 1 transaction', single);
  if (perRelease.length) line('loadRelease per release (1 tx per release)', perRelease);
  const ratio = b / s;
  console.log(`load average at end: ${load()}`);
  console.log(`\nbulk reaches ${Math.round((b / f) * 100)} % of the floor (what any client path could reach with this schema on this machine)`);
  console.log(`\nratio bulk / row-by-row: ${ratio.toFixed(1)}×   (goal ≥ 10×; bulk goal ≥ 100,000 rows/s)`);
  console.log(`goals: throughput ${b >= 100_000 ? 'MET' : 'NOT MET'}, ratio ${ratio >= 10 ? 'MET' : 'NOT MET'}`);
}

// Run only as a program (tests may import the generator).
if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
