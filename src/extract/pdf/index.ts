export { extractRelease, type ExtractOptions } from './extract-release.ts';
export { loadPdfText } from './load.ts';
export { PdfUnreadableError, LayoutDriftError, UnknownEntityError, type DriftFinding } from './errors/index.ts';
export { compareFingerprint } from './fingerprint.ts';
export { parseItalianNumber } from '../../transform/numbers.ts';
export { parsePeriodLabel } from '../../transform/period-labels.ts';
