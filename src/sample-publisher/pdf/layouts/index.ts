import { SamplePdfRenderError } from '../render-error.ts';
import { CLASSIC } from './classic.ts';
import type { LayoutSpec } from './layout-spec.ts';
import { MODERN } from './modern.ts';
import { PANDEMIC } from './pandemic.ts';

export type { ColumnHeading, ColumnKey, ColumnSlot, HeadingContext, LayoutSpec, Span } from './layout-spec.ts';

/** Every layout the renderer knows, by id (SampleReleaseInfo.layout). */
export const LAYOUTS: Readonly<Record<string, LayoutSpec>> = Object.freeze({
  [CLASSIC.id]: CLASSIC,
  [PANDEMIC.id]: PANDEMIC,
  [MODERN.id]: MODERN,
});

/** The spec of a layout id; throws SAMPLE_PDF_UNKNOWN_LAYOUT for an id no spec defines. */
export function layoutById(id: string, releaseId?: string): LayoutSpec {
  const spec = LAYOUTS[id];
  if (!spec) {
    throw new SamplePdfRenderError(
      'SAMPLE_PDF_UNKNOWN_LAYOUT',
      `release ${releaseId ?? '?'} asks for layout "${id}", which the renderer does not define ` +
        `(known: ${Object.keys(LAYOUTS).join(', ')}); fix the catalog or add a layout spec under src/sample-publisher/pdf/layouts/`,
      { releaseId, layout: id },
    );
  }
  return spec;
}
