export { PdfUnreadableError } from './pdf-unreadable-error.ts';
export { LayoutDriftError, type DriftFinding } from './layout-drift-error.ts';
export { UnknownEntityError } from './unknown-entity-error.ts';
export { PdfTooComplexError } from './pdf-too-complex-error.ts';
