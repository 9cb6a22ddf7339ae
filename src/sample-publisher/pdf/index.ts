/**
 * The sample publisher's release PDF renderer. LAYOUTS.md (next to this file) is the contract
 * for anyone reading these PDFs back.
 */
export { renderReleasePdf, SOURCE_LINE, HUBS_MISSING_LINE, type RenderOptions } from './render-release-pdf.ts';
export { MODELLED_NOTICE } from './draw/page-chrome.ts';
export { SamplePdfRenderError } from './render-error.ts';
export { LAYOUTS, layoutById, type LayoutSpec } from './layouts/index.ts';
export { formatLevel, formatChange, formatDateDots, monthYear, NOT_AVAILABLE, type MinusSign } from './format.ts';
export { buildColumnKeys, periodOfColumn, DRIFTED_YOY_HEADING } from './table-model.ts';
