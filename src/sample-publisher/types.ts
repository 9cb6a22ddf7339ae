import type { EntityKind, Metric } from '../domain/metric.ts';

/**
 * The contract between the sample publisher's parts: the dataset/catalog
 * (src/sample-publisher/dataset), the release PDF renderer (src/sample-publisher/pdf)
 * and the web site (src/sample-publisher/site).
 */

/** One quarterly release of the sample "Monitor dei Distretti dell'Emilia-Romagna". */
export interface SampleReleaseInfo {
  /** e.g. 'er-2025Q1' */
  readonly id: string;
  readonly series: string;
  readonly region: string;
  /** The latest quarter the release reports. */
  readonly refYear: number;
  readonly refQuarter: 1 | 2 | 3 | 4;
  /** Cover month/year = publication month. */
  readonly coverYear: number;
  readonly coverMonth: number;
  /** ISO date: the site shows the release from this day on (its clock). */
  readonly publishedOn: string;
  /** ISO date printed as "I dati … sono aggiornati al dd.mm.yyyy". */
  readonly dataCutoff: string;
  /** As printed in the sidebar after "Nota Trimestrale – ", e.g. "n. 69". */
  readonly noteNumber: string;
  /** Department as printed (renamed in 2024). */
  readonly department: string;
  readonly author: string;
  /** Cover title, e.g. "Monitor dei Distretti dell'Emilia-Romagna". */
  readonly title: string;
  /** PDF file name as published: with spaces. */
  readonly fileName: string;
  /** Layout variant id understood by the renderer (drifts over the years). */
  readonly layout: string;
}

/** One figure exactly as the release prints it (and as `distretti parse` must read it back). */
export interface SampleFigure {
  /** Canonical registry name. */
  readonly entity: string;
  readonly kind: EntityKind;
  /** Period code: `YYYYQn`, `YYYY` or `YYYYMmm-mm`. */
  readonly period: string;
  readonly metric: Metric;
  /** Value as printed, rounded to one decimal. */
  readonly value: number;
  /** True when the value is modelled, false when it is a published figure reproduced exactly. */
  readonly modelled: boolean;
  /** URL of the public source for a published figure. */
  readonly source?: string;
}

export interface SampleCatalog {
  /** All releases, oldest first. */
  releases(): readonly SampleReleaseInfo[];
  release(id: string): SampleReleaseInfo | undefined;
  /** What the release prints, in table order. */
  figures(releaseId: string): readonly SampleFigure[];
}

/** Ways the renderer can spoil a release on purpose, for the site's fault modes. */
export type RenderVariant = 'normal' | 'drifted';
