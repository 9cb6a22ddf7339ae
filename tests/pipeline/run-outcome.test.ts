import { describe, expect, it } from 'vitest';
import { runOutcome } from '../../src/pipeline/run-outcome.ts';

const s = (stage: string, status: string, subject = 'r1') => ({ stage, subject, status: status as never });

describe('runOutcome', () => {
  it.each([
    ['still open', [s('discover', 'succeeded'), s('fetch', 'queued')], undefined],
    ['nothing failed', [s('discover', 'succeeded'), s('load', 'succeeded'), s('render', 'skipped')], 'succeeded'],
    ['discovery failed', [s('discover', 'failed')], 'failed'],
    ['its only release failed, briefs re-rendered', [s('discover', 'succeeded'), s('fetch', 'failed'), s('parse', 'skipped'), s('load', 'skipped'), s('render', 'succeeded')], 'failed'],
    ['one of two releases failed', [s('discover', 'succeeded'), s('load', 'succeeded', 'a'), s('fetch', 'failed', 'b'), s('render', 'succeeded')], 'partly-failed'],
    ['releases loaded, render failed', [s('discover', 'succeeded'), s('load', 'succeeded'), s('render', 'failed')], 'partly-failed'],
    ['a re-render that failed', [s('discover', 'succeeded'), s('render', 'failed')], 'failed'],
    ['another run had it queued', [s('discover', 'succeeded'), s('fetch', 'skipped'), s('render', 'succeeded')], 'succeeded'],
  ] as const)('%s', (_name, stages, expected) => {
    expect(runOutcome(stages)).toBe(expected);
  });
});
