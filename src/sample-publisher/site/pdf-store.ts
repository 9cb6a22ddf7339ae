import type { RenderVariant, SampleCatalog, SampleFigure, SampleReleaseInfo } from '../types.ts';
import type { SiteDocument } from './documents.ts';

/** Renders a release PDF (the sample publisher's renderer, or a test double of the same shape). */
export type ReleaseRenderer = (
  info: SampleReleaseInfo,
  figures: readonly SampleFigure[],
  opts: { variant: RenderVariant },
) => Promise<Buffer>;

/** Renders the PDF of an unrelated document. */
export type FillerRenderer = (doc: SiteDocument) => Promise<Buffer>;

/**
 * Rendered PDF bytes per (document, variant). Rendering a release takes tens of milliseconds
 * and its bytes must not change between requests (the ETag is their hash), so each is
 * rendered once; the promise is cached so concurrent first requests share one render.
 * A failed render is forgotten so the next request tries again.
 */
export class PdfStore {
  readonly #cache = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly deps: { catalog: SampleCatalog; renderRelease: ReleaseRenderer; renderFiller: FillerRenderer },
  ) {}

  get(doc: SiteDocument, variant: RenderVariant): Promise<Buffer> {
    // Unrelated documents have a single layout: the variant does not apply to them.
    const key = doc.release ? `${doc.id}\u0000${variant}` : doc.id;
    const hit = this.#cache.get(key);
    if (hit) return hit;
    const p = this.#render(doc, variant);
    this.#cache.set(key, p);
    p.catch(() => this.#cache.delete(key));
    return p;
  }

  async #render(doc: SiteDocument, variant: RenderVariant): Promise<Buffer> {
    if (!doc.release) return this.deps.renderFiller(doc);
    const figures = this.deps.catalog.figures(doc.release.id);
    return this.deps.renderRelease(doc.release, figures, { variant });
  }
}
