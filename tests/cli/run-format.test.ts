import { describe, expect, it } from 'vitest';
import { formatRunShow, runListJson } from '../../src/cli/run-format.ts';
import type { PipelineRun } from '../../db/schema.ts';

const run = (over: Partial<PipelineRun>): PipelineRun => ({
  id: '7',
  kind: 'run',
  trigger: 'manual',
  status: 'failed',
  job_id: null,
  started_at: new Date('2026-01-10T08:00:00Z'),
  finished_at: new Date('2026-01-10T08:05:00Z'),
  summary: null,
  error: null,
  parameters: { mode: 'in-process' },
  code_version: '0.1.0',
  error_code: 'RUN_ABANDONED',
  error_message: 'the run was abandoned: its process (pid 42 on box) no longer exists',
  owner: null,
  heartbeat_at: null,
  ...over,
});

describe('runs show / list: the process that ran an in-process run', () => {
  it('names the process and its last heartbeat when the run had one, and nothing for a queued run', () => {
    const owned = formatRunShow(run({ owner: 'box:42', heartbeat_at: new Date('2026-01-10T08:04:45Z') }), [], []);
    expect(owned).toContain('  process   box:42, last heartbeat 2026-01-10 08:04:45Z');
    expect(owned).toContain('  error     RUN_ABANDONED: the run was abandoned');
    expect(formatRunShow(run({}), [], [])).not.toContain('  process   ');
    expect(runListJson(run({ owner: 'box:42', heartbeat_at: new Date('2026-01-10T08:04:45Z') }))).toMatchObject({ owner: 'box:42', heartbeatAt: new Date('2026-01-10T08:04:45Z') });
  });
});
