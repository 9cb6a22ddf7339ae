import type { PdfParser } from '../extract/pdf-sandbox/index.ts';
import { createIdleRelease, type IdleReleaseOptions } from '../lib/thread/idle-release.ts';

/** A {@link PdfParser} whose worker thread is given back when no parse needs it. */
export interface IdleReleasedParser extends PdfParser {
  /** Ends the parse thread now unless a parse is in flight or queued (the next parse starts a new one). */
  releaseIfIdle(): Promise<boolean>;
  /** No release from now on: the wrapped parser's owner closes it. */
  stopIdleTimer(): void;
}

/**
 * Wraps a worker's PDF parser so its thread (pdf.js: ~45 MB of V8 heap once it has parsed) lives
 * only while parsing goes on: released after `idleMs` without a parse, or when a job asks (the
 * render stage, which starts a thread of its own). `close()` ends the thread and the timer.
 */
export function releaseParserWhenIdle(parser: PdfParser, opts: IdleReleaseOptions = {}): IdleReleasedParser {
  const idle = createIdleRelease(() => parser.close(), opts);
  return {
    extract: (bytes, extractOpts) => idle.use(() => parser.extract(bytes, extractOpts)),
    releaseIfIdle: () => idle.releaseIfIdle(),
    stopIdleTimer: () => idle.stop(),
    async close() {
      idle.stop();
      await parser.close();
    },
  };
}
