import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { listSchedules, type ScheduleListing } from '../../jobs/scheduler.ts';
import { nextOccurrence } from '../../schedule/cron.ts';
import { desiredSchedules } from '../../jobs/scheduler.ts';
import { lastRunStartedAt } from '../../../db/queries/runs.ts';
import { seriesCalendar } from '../../pipeline/calendar.ts';
import { scheduleSettings } from './worker.ts';
import { withQueue } from '../queue-or-here.ts';

export function registerSchedules(program: Command, ctx: CliContext): void {
  const schedules = program.command('schedules').description('The discovery schedules and where each series stands on its publication calendar.');
  schedules
    .command('list')
    .description('Each schedule (id, cron, time zone, next and last run; registered in Redis or not) and each series\' calendar state (published, not-due, due, late).')
    .option('--format <format>', 'table or json', 'table')
    .action(async (opts: { format: string }) => {
      const settings = scheduleSettings(ctx.config());
      const now = new Date();
      const { list, calendar } = await ctx.withPipeline(async (deps) => {
        const list: ScheduleListing[] = ctx.config().redisUrl
          ? await withQueue(ctx, (e) => listSchedules(deps.db, e.queue, settings, now))
          : await (async () => {
              const last = await lastRunStartedAt(deps.db, 'schedule');
              return desiredSchedules(settings).map((w) => ({
                id: w.id,
                pattern: w.pattern,
                tz: settings.tz,
                next: nextOccurrence(w.pattern, settings.tz, now).toISOString(),
                last: last?.toISOString() ?? null,
                registered: false,
              }));
            })();
        return { list, calendar: await seriesCalendar(deps) };
      });
      if (opts.format === 'json') {
        ctx.out(JSON.stringify({ schedules: list, calendar, missedRuns: settings.missedRuns }, null, 2));
        return;
      }
      const lines = ['ID                CRON         TZ            NEXT                  LAST                  REGISTERED'];
      for (const s of list) {
        lines.push(
          `${s.id.padEnd(18)}${s.pattern.padEnd(13)}${s.tz.padEnd(14)}${(s.next ?? '—').replace(/\.\d{3}Z$/, 'Z').padEnd(22)}${(s.last ?? 'never').replace(/\.\d{3}Z$/, 'Z').padEnd(22)}${s.registered ? 'yes' : 'no (start `distretti scheduler`)'}`,
        );
      }
      lines.push(`missed runs: ${settings.missedRuns}`, '', 'calendar:');
      if (!calendar.length) lines.push('  no series loaded yet');
      for (const c of calendar) lines.push(`  ${c.series} (${c.region}): latest ${c.latest}; next ${c.next} expected from ${c.windowFrom}, late from ${c.lateSince}: ${c.state.toUpperCase()}`);
      ctx.out(lines.join('\n'));
    });
}
