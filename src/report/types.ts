import type { EntityKind, Metric } from '../domain/metric.ts';

/** Languages a brief is written in. */
export type BriefLang = 'it' | 'en';

/** An entity as the brief names it. */
export interface BriefEntity {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly kind: EntityKind;
  readonly sector: string;
  /** Whose data the figures are: 'ISTAT', or 'ACIMAC' for ceramic machinery. */
  readonly dataSource: string;
}

/** A release (= one vintage of the data) as cited by the brief. */
export interface BriefRelease {
  readonly id: number;
  /** Source adapter id; 'sample' = the project's sample publisher (modelled data). */
  readonly source: string;
  readonly title: string;
  readonly coverYear: number;
  readonly coverMonth: number;
  /** As printed, e.g. "n. 69". */
  readonly noteNumber: string | null;
  /** ISO date: "I dati … sono aggiornati al …". */
  readonly dataCutoff: string | null;
  readonly publishedOn: string | null;
  readonly refYear: number | null;
  readonly refQuarter: number | null;
  readonly url: string | null;
  readonly documentSha256: string | null;
  /** Pages of the document the brief's figures were read from, ascending. */
  readonly pages: readonly number[];
}

/** One quarter of one entity (null = not published in the vintage used). */
export interface QuarterPoint {
  readonly slug: string;
  readonly year: number;
  readonly quarter: number;
  /** Exports, millions of euro. */
  readonly exportsMeur: number | null;
  /** Change on the same quarter a year earlier, %. */
  readonly yoyPct: number | null;
  /** Release (vintage) each value was read from: they differ when a later note revised the level but not the change. */
  readonly exportsReleaseId: number | null;
  readonly yoyReleaseId: number | null;
}

/** The latest year-on-year change of one hub or district. */
export interface LatestYoy {
  readonly slug: string;
  readonly name: string;
  readonly kind: EntityKind;
  readonly yoyPct: number;
  readonly exportsMeur: number | null;
  readonly dataSource: string;
}

/** A figure whose value differs between the base release and the one before it. */
export interface Revision {
  readonly slug: string;
  readonly name: string;
  readonly year: number;
  readonly quarter: number;
  readonly metric: Metric;
  readonly previous: number;
  readonly current: number;
  /** The earlier release whose value this note revises (the newest earlier vintage). */
  readonly previousReleaseId: number;
}

/** The primary key of an observation: what `brief_observations` records for lineage. */
export interface ObservationKey {
  readonly releaseId: number;
  readonly entityId: number;
  readonly periodYear: number;
  readonly periodFirstMonth: number;
  readonly periodLastMonth: number;
  readonly metric: Metric;
}

/**
 * Everything a brief shows, read from the database once ({@link assembleBriefData});
 * the rest of the report stage is pure over this value. Plain JSON (no Dates) so its
 * hash identifies a brief's inputs.
 */
export interface BriefData {
  readonly region: string;
  readonly regionLabel: string;
  readonly comparison: 'poli';
  readonly entity: BriefEntity;
  /** Reference quarter. */
  readonly year: number;
  readonly quarter: number;
  /** The entity first, then the region's other hubs in registry order. */
  readonly peers: readonly BriefEntity[];
  /** The region's districts total (null when the registry or data lack it). */
  readonly regionalTotal: BriefEntity | null;
  /** Last 5 years (20 quarters, oldest first) for every peer and the regional total. */
  readonly series: readonly QuarterPoint[];
  /** Reference-quarter yoy of every hub and district, highest first. */
  readonly latestYoy: readonly LatestYoy[];
  /** The release the brief is based on. */
  readonly release: BriefRelease;
  /** The release before it (for revisions), if any. */
  readonly previousRelease: BriefRelease | null;
  readonly revisions: readonly Revision[];
  /** Every release a shown value comes from (sources appendix), newest first. */
  readonly releases: readonly BriefRelease[];
  /** True when any release used comes from the sample publisher (its data are modelled). */
  readonly sample: boolean;
  /** True when any value shown was computed (e.g. Q2 = H1 − Q1), not printed. */
  readonly anyDerived: boolean;
  /** Lineage: every observation shown or compared, sorted. */
  readonly observations: readonly ObservationKey[];
}

/** What a key message is about. */
export type KeyMessageKind = 'level' | 'rank' | 'gap' | 'streak' | 'revisions';

/** One plain-words finding for the front page, with the numbers it states. */
export interface KeyMessage {
  readonly kind: KeyMessageKind;
  readonly text: string;
  /** The figures the sentence states (unrounded where computed), for tests and the CSV. */
  readonly figures: Readonly<Record<string, number | null>>;
}
