import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { DEFAULT_CRAWL_DELAY_SECONDS, runSamplePublisherCommand } from '../../sample-publisher/index.ts';
import { FAULT_KINDS, type Fault } from '../../sample-publisher/site/faults.ts';
import { parseFaultArg } from '../../sample-publisher/site/fault-arg.ts';

export function registerSamplePublisher(program: Command, ctx: CliContext): void {
  program
    .command('sample-publisher')
    .description('Serve the bundled sample publisher (listing pages, gated release PDFs) until Ctrl-C.')
    .option('--port <port>', 'TCP port (0 = any free port)', (v) => Number.parseInt(v, 10), 8080)
    .option('--as-of <date>', 'the site\'s clock (YYYY-MM-DD): releases after it are not yet published')
    .option('--crawl-delay <seconds>', 'Crawl-delay declared in robots.txt (fractions allowed)', (v) => Number(v), DEFAULT_CRAWL_DELAY_SECONDS)
    .option('--fault <mode[:path-part]>', `switch a fault on: ${FAULT_KINDS.join(', ')}; limited to paths containing PATH_PART when given (e.g. unavailable:ottobre 2018)`, parseFaultArg)
    .action(async (opts: { port: number; asOf?: string; crawlDelay: number; fault?: Fault }) => {
      await runSamplePublisherCommand({
        port: opts.port,
        asOf: opts.asOf,
        crawlDelaySeconds: opts.crawlDelay,
        log: ctx.log(),
        ...(opts.fault ? { fault: opts.fault } : {}),
      });
    });
}
