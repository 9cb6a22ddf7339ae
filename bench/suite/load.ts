/**
 * Load: the same observation rows into the same `observations` table (same indexes, same
 * foreign keys), emptied before each path, interleaved. Ours is the production call
 * (`upsertObservationRows` on a first load → COPY); baselines are what a competent engineer
 * would write instead (1,000-row multi-VALUES batches, a prepared statement), the previous
 * unnest path, and `psql \copy` of the same bytes as the limit (its own `\timing`, so neither
 * side counts a process start or connection).
 */
import { writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { prepareSchema, dropSchema, simulateScale } from '../load.ts';
import { upsertObservationRows, type KeyedObservationRow } from '../../db/queries/observations.ts';
import { copyText } from '../../db/queries/observations-copy.ts';
import { interleave, summarize, type BenchRow } from './stats.ts';

const run = promisify(execFile);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const COLS = ['release_id', 'entity_id', 'period_year', 'period_first_month', 'period_last_month', 'metric', 'value', 'derived', 'page', 'x', 'y', 'table_id', 'row_label', 'column_label', 'raw_text'] as const;

const values = (r: KeyedObservationRow): unknown[] => COLS.map((c) => r[c]);

export async function benchLoad(reps: number, log: (s: string) => void): Promise<BenchRow[]> {
  // 3 regions × 25 entities × 60 releases × 4 quarters × 4 metrics ≈ 72k rows.
  const sim = simulateScale({ regions: 3, entitiesPerRegion: 25, quarters: 60, window: 4 });
  const { handle, schema, rows } = await prepareSchema(sim);
  const file = join(tmpdir(), `distretti-bench-${schema}.tsv`);
  writeFileSync(file, [...copyText(rows, undefined)].join(''));
  const client = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
  await client.connect();
  const PREPARED_SAMPLE = Math.min(10_000, rows.length);
  log(`load: ${rows.length} rows, ${reps} interleaved repetitions (prepared statement on the first ${PREPARED_SAMPLE})`);
  const empty = async () => {
    await sql`truncate observations`.execute(handle.db);
  };
  const rate = (n: number, ms: number) => n / (ms / 1000);
  try {
    const r = await interleave(reps, {
      copy: async () => {
        await empty();
        const t0 = performance.now();
        await handle.db.transaction().execute((trx) => upsertObservationRows(trx, rows));
        return rate(rows.length, performance.now() - t0);
      },
      unnest: async () => {
        await empty();
        const t0 = performance.now();
        await handle.db.transaction().execute((trx) => upsertObservationRows(trx, rows, { copy: false }));
        return rate(rows.length, performance.now() - t0);
      },
      multiValues: async () => {
        await empty();
        const t0 = performance.now();
        await client.query('begin');
        for (let i = 0; i < rows.length; i += 1000) {
          const batch = rows.slice(i, i + 1000);
          const params: unknown[] = [];
          const tuples = batch.map((row) => {
            const base = params.length;
            params.push(...values(row));
            return `(${COLS.map((_, j) => `$${base + j + 1}`).join(',')})`;
          });
          await client.query(`insert into observations (${COLS.join(',')}) values ${tuples.join(',')}`, params);
        }
        await client.query('commit');
        return rate(rows.length, performance.now() - t0);
      },
      prepared: async () => {
        await empty();
        const t0 = performance.now();
        await client.query('begin');
        const text = `insert into observations (${COLS.join(',')}) values (${COLS.map((_, j) => `$${j + 1}`).join(',')})`;
        for (let i = 0; i < PREPARED_SAMPLE; i++) await client.query({ name: 'bench_insert_observation', text, values: values(rows[i]!) });
        await client.query('commit');
        return rate(PREPARED_SAMPLE, performance.now() - t0);
      },
      psqlCopy: async () => {
        await empty();
        const out = await run('psql', ['-X', '-q', '-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-v', 'ON_ERROR_STOP=1',
          '-c', `set search_path = ${schema}`, '-c', '\\timing on', '-c', `\\copy observations (${COLS.join(',')}) from '${file}'`]);
        const ms = Number(/Time: ([\d.]+) ms/.exec(out.stdout)?.[1]);
        if (!Number.isFinite(ms)) throw new Error(`psql printed no timing: ${out.stdout}${out.stderr}`);
        return rate(rows.length, ms);
      },
    });
    const psql = summarize(r.psqlCopy);
    const copy = summarize(r.copy);
    const base = (name: string, xs: number[]) => ({ name, value: summarize(xs) });
    return [
      { area: 'load', figure: `COPY (ours, first load of ${rows.length} rows, FKs kept)`, value: copy, unit: 'rows/s', baseline: base('psql \\copy, same rows and table', r.psqlCopy), ratio: copy.median / psql.median, goal: '≥ 0.8× psql \\copy', met: copy.median / psql.median >= 0.8 },
      { area: 'load', figure: 'COPY (ours) vs 1,000-row multi-VALUES batches', value: copy, unit: 'rows/s', baseline: base('multi-VALUES, 1,000 rows/statement', r.multiValues), ratio: copy.median / summarize(r.multiValues).median, goal: '(context)' },
      { area: 'load', figure: 'COPY (ours) vs a prepared statement per row', value: copy, unit: 'rows/s', baseline: base(`prepared INSERT, ${PREPARED_SAMPLE} rows, 1 tx`, r.prepared), ratio: copy.median / summarize(r.prepared).median, goal: '(context)' },
      { area: 'load', figure: 'unnest path (reloads, PGlite) vs psql \\copy', value: summarize(r.unnest), unit: 'rows/s', baseline: base('psql \\copy', r.psqlCopy), ratio: summarize(r.unnest).median / psql.median, goal: '(context)' },
    ];
  } finally {
    await client.end();
    await dropSchema(handle, schema);
  }
}
