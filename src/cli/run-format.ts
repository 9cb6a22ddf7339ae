import type { PipelineRun, Release, RunStage } from '../../db/schema.ts';
import type { PlannedRelease, RunPlan } from '../pipeline/plan.ts';
import { inferRefQuarters } from '../pipeline/ref-quarters.ts';

/** The reference quarter a release subject (`series/region/YYYY-MM`) is expected to cover. */
function expectedQuarter(subject: string): string {
  const [y, m] = (subject.split('/')[2] ?? '').split('-').map(Number);
  const [q] = inferRefQuarters([{ coverYear: y!, coverMonth: m! }]);
  return `${q!.refYear}Q${q!.refQuarter}`;
}

/** How operators see runs and plans in a terminal (and what `--format json` prints instead). */

const ts = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z') : '—');
const secs = (a: Date | null, b: Date | null) => (a && b ? `${((b.getTime() - a.getTime()) / 1000).toFixed(1)} s` : '—');
const firstLine = (s: string | null) => (s ?? '').split('\n')[0]!;
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [head, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]!))).join('  ').trimEnd()).join('\n');
}

export function runListJson(r: PipelineRun): Record<string, unknown> {
  return {
    id: r.id,
    kind: r.kind,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    parameters: r.parameters,
    codeVersion: r.code_version,
    owner: r.owner,
    heartbeatAt: r.heartbeat_at,
  };
}

export function formatRunList(runs: readonly PipelineRun[]): string {
  if (!runs.length) return 'no runs';
  return table(
    ['RUN', 'STATUS', 'TRIGGER', 'KIND', 'STARTED', 'TOOK', 'ERROR'],
    runs.map((r) => [r.id, r.status, r.trigger, r.kind, ts(r.started_at), secs(r.started_at, r.finished_at), r.error_code ?? '']),
  );
}

function countsText(c: unknown): string {
  if (!c || typeof c !== 'object') return '';
  return Object.entries(c as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join(' ');
}

/** `runs show`: the run, every stage with timings and errors, the releases it touched. */
export function formatRunShow(run: PipelineRun, stages: readonly RunStage[], releases: ReadonlyArray<{ subject: string; release: Release | undefined }>): string {
  const out = [
    `run ${run.id}  ${run.status.toUpperCase()}  (${run.kind}, trigger: ${run.trigger})`,
    `  started   ${ts(run.started_at)}`,
    `  finished  ${ts(run.finished_at)}  (${secs(run.started_at, run.finished_at)})`,
    `  code      ${run.code_version ?? '—'}`,
    `  params    ${JSON.stringify(run.parameters ?? {})}`,
  ];
  // In-process runs: which process ran it, and when it was last heard from (a killed one is ended as RUN_ABANDONED).
  if (run.owner) out.push(`  process   ${run.owner}, last heartbeat ${ts(run.heartbeat_at)}`);
  if (run.error_code) out.push(`  error     ${run.error_code}: ${firstLine(run.error_message)}`);
  out.push('', 'stages:');
  out.push(
    table(
      ['STAGE', 'SUBJECT', 'STATUS', 'TRIES', 'TOOK', 'JOB', 'COUNTS / ERROR'],
      stages.map((s) => [
        s.stage,
        s.subject,
        s.status,
        String(s.attempts),
        secs(s.started_at, s.finished_at),
        s.job_id ? (s.job_id.length > 24 ? `…${s.job_id.slice(-20)}` : s.job_id) : '—',
        s.error_code ? `${s.error_code}: ${firstLine(s.error_message)}` : s.error_message ? firstLine(s.error_message) : countsText(s.counts),
      ]),
    ).replace(/^/gm, '  '),
  );
  out.push('', 'releases touched:');
  if (!releases.length) out.push('  none');
  for (const { subject, release: r } of releases) {
    out.push(
      r
        ? `  #${r.id}  ${subject}  ${r.ref_year ? `${r.ref_year}Q${r.ref_quarter}` : 'quarter unknown'}  now ${r.status}${r.status === 'quarantined' ? ` — after a fix: distretti rerun --release ${r.id} --from parse` : ''}`
        : `  ${subject}  (no release row: it never got past fetch)`,
    );
  }
  const failed = stages.filter((s) => s.status === 'failed');
  if (failed.length) {
    out.push('', 'to re-run what failed:');
    for (const s of failed) {
      const rel = releases.find((x) => x.subject === s.subject)?.release;
      out.push(
        s.stage === 'render' || s.stage === 'discover'
          ? `  distretti ${s.stage === 'render' && rel ? `rerun --release ${rel.id} --from render` : 'run'}`
          : rel
            ? `  distretti rerun --release ${rel.id} --from ${s.stage}`
            : `  distretti backfill --from ${expectedQuarter(s.subject)} --to ${expectedQuarter(s.subject)} --reprocess missing   (no release row yet)`,
      );
    }
  }
  return out.join('\n');
}

const ACTION: Record<string, string> = { null: 'new', loaded: 'reprocess', quarantined: 'retry', failed: 'retry' };

export function planJson(p: PlannedRelease): Record<string, unknown> {
  return { refQuarter: p.ref.refQuarter, cover: `${p.ref.hint.coverYear}-${String(p.ref.hint.coverMonth).padStart(2, '0')}`, status: p.status, from: p.from, force: p.force, url: p.ref.url };
}

/** A dry run: what would be processed, and why. */
export function formatPlan(plan: RunPlan, header: string): string {
  const lines = [header];
  if (!plan.releases.length) lines.push('  nothing to do');
  else
    lines.push(
      table(
        ['QUARTER', 'COVER', 'NOW', 'ACTION', 'FROM', 'URL'],
        plan.releases.map((p) => {
          const j = planJson(p);
          return [String(j.refQuarter), String(j.cover), p.status ?? 'not in database', ACTION[String(p.status)] ?? 'process', p.from, p.ref.url ?? ''];
        }),
      ).replace(/^/gm, '  '),
    );
  lines.push(`${plan.releases.length} of ${plan.listed} listed releases would be processed, then the ${plan.entitySlug} briefs rendered. Nothing was changed (dry run).`);
  return lines.join('\n');
}
