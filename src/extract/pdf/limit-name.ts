import type { CONFIG_ENV } from '../../config.ts';

type LimitKey = 'pdfMaxDecodedBytes' | 'pdfMaxPages' | 'pdfMaxTextItems';

/**
 * The environment variable behind a parse limit, for `PdfTooComplexError`'s message. Loaded
 * when a limit is hit, not before: src/config.ts builds its zod schema as it loads, and zod was
 * the largest import of the parsing thread after pdf.js (~60–120 ms of CPU at its start, in every
 * `distretti parse`), while a document within its limits never needs a name.
 */
export async function limitName(key: LimitKey): Promise<(typeof CONFIG_ENV)[LimitKey]> {
  return (await import('../../config.ts')).CONFIG_ENV[key];
}
