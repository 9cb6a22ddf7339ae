import { createHash } from 'node:crypto';
import type { SampleCatalog, SampleReleaseInfo } from '../types.ts';
import { SamplePublisherOptionsError } from './errors.ts';
import { italianMonthYear } from './italian-dates.ts';
import { gateIdFor } from './gate.ts';
import { pdfPath } from './paths.ts';
import { otherDocuments } from './other-series.ts';

/** One entry of the archive: a release of the monitor or an unrelated document. */
export interface SiteDocument {
  readonly id: string;
  readonly title: string;
  /** Month and year, e.g. "Giugno 2025". */
  readonly subtitle: string;
  /** ISO date; the document is listed and served from this day on. */
  readonly publishedOn: string;
  /** Decoded path (spaces as spaces). */
  readonly path: string;
  /** Gate uuid: the cookie `<gateId>=accepted` opens the PDF. */
  readonly gateId: string;
  /** Present for releases of the sample monitor (rendered by the release renderer). */
  readonly release?: SampleReleaseInfo;
}

/**
 * The card title of a release. Portal editors type titles by hand, so the listing spells the
 * series the ways the real one is spelled (publisher.md: "dell'Emilia-Romagna",
 * "dell'Emilia Romagna"; a curly apostrophe from a word processor), independently of the PDF
 * cover. The spelling is chosen per release from a hash of its id: stable across restarts.
 */
export function listingTitle(info: SampleReleaseInfo): string {
  const pick = createHash('sha256').update(`title:${info.id}`).digest()[0]! % 5;
  if (pick === 3) return info.title.replace('Emilia-Romagna', 'Emilia Romagna');
  if (pick === 4) return info.title.replace(/'/g, '\u2019');
  return info.title;
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * A release of the catalog as the archive lists it. Its folder is the release's `series`
 * when that is a slug (the dataset uses one), else `defaultSlug`.
 */
export function releaseDocument(info: SampleReleaseInfo, defaultSlug: string): SiteDocument {
  const seriesSlug = SLUG.test(info.series) ? info.series : defaultSlug;
  // The folder year is the publication (cover) year, as in the real URLs.
  const path = pdfPath(seriesSlug, info.coverYear, info.fileName);
  return {
    id: info.id,
    title: listingTitle(info),
    subtitle: italianMonthYear(info.coverYear, info.coverMonth),
    publishedOn: info.publishedOn,
    path,
    gateId: gateIdFor(path),
    release: info,
  };
}

/** Newest first; ties broken by title then id so page boundaries never move between requests. */
function newestFirst(a: SiteDocument, b: SiteDocument): number {
  if (a.publishedOn !== b.publishedOn) return a.publishedOn < b.publishedOn ? 1 : -1;
  if (a.title !== b.title) return a.title < b.title ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * All documents the site knows, whatever the clock says; the clock filters at request time.
 * Built once at start-up.
 */
export class Archive {
  readonly #all: readonly SiteDocument[];
  readonly #byPath = new Map<string, SiteDocument>();
  readonly #byGate = new Map<string, SiteDocument>();

  constructor(docs: readonly SiteDocument[]) {
    this.#all = [...docs].sort(newestFirst);
    for (const d of this.#all) {
      if (this.#byPath.has(d.path)) {
        throw new SamplePublisherOptionsError('catalog', d.path, 'one document per PDF path (two releases share a file name in the same year folder)');
      }
      this.#byPath.set(d.path, d);
      this.#byGate.set(d.gateId, d);
    }
  }

  /** Documents published on or before `asOf`, newest first. */
  visible(asOf: string): readonly SiteDocument[] {
    return this.#all.filter((d) => d.publishedOn <= asOf);
  }

  byPath(decodedPath: string): SiteDocument | undefined {
    return this.#byPath.get(decodedPath);
  }

  byGateId(gateId: string): SiteDocument | undefined {
    return this.#byGate.get(gateId);
  }

  /** The newest release of the monitor visible at `asOf` (target of the `drifted-release` fault). */
  newestRelease(asOf: string): SiteDocument | undefined {
    return this.#all.find((d) => d.release !== undefined && d.publishedOn <= asOf);
  }
}

/**
 * The archive for a catalog: its releases plus unrelated series from the year of the first
 * release to the year after the last (so moving the clock past the catalog still shows
 * a living site).
 */
export function buildArchive(catalog: SampleCatalog, defaultSlug: string): Archive {
  const releases = catalog.releases().map((r) => releaseDocument(r, defaultSlug));
  const years = releases.map((r) => Number(r.publishedOn.slice(0, 4)));
  const fromYear = years.length ? Math.min(...years) : new Date().getUTCFullYear();
  const toYear = years.length ? Math.max(...years) + 1 : fromYear;
  return new Archive([...releases, ...otherDocuments(fromYear, toYear)]);
}
