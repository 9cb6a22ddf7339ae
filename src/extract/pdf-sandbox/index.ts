export { createPdfSandbox, type PdfParser } from './sandbox.ts';
export { pdfLimitsFrom, type PdfLimits } from './limits.ts';
export { defaultPdfParser } from './default.ts';
