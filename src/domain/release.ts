import type { EntityKind, Metric } from './metric.ts';
import type { Period } from './period.ts';

/** Where one figure came from in its document: enough to find the cell again by eye. */
export interface Provenance {
  /** SHA-256 of the raw PDF bytes (the raw store key). */
  readonly documentSha256: string;
  /** 1-based page number. */
  readonly page: number;
  /** PDF user-space coordinates of the cell text's origin (points, y from the bottom). */
  readonly x: number;
  readonly y: number;
  /** Stable id of the table within the document, e.g. "p3-distretti". */
  readonly tableId: string;
  /** The row label as printed (possibly wrapped over two lines, joined with a space). */
  readonly rowLabel: string;
  /** The column heading(s) as printed, joined with " | ". */
  readonly columnLabel: string;
  /** The cell exactly as printed, e.g. "+6,4" or "1.234,5". */
  readonly rawText: string;
}

/** One number read out of a release. */
export interface ExtractedFigure {
  /** Canonical entity name (registry `name`). */
  readonly entity: string;
  readonly kind: EntityKind;
  readonly period: Period;
  readonly metric: Metric;
  readonly value: number;
  /** Footnote markers attached to the row or cell (e.g. ACIMAC source). */
  readonly footnotes?: readonly string[];
  readonly provenance: Provenance;
}

/** Release metadata as printed in the document. */
export interface ReleaseMeta {
  /** Series id from the adapter, e.g. 'monitor-distretti-emilia-romagna'. */
  readonly series: string;
  readonly region: string;
  /** Cover title text, e.g. "Monitor dei Distretti dell'Emilia-Romagna". */
  readonly title: string;
  readonly coverMonth: number;
  readonly coverYear: number;
  /** As printed: "n. 49", "47". Null when the note has no number. */
  readonly noteNumber: string | null;
  /** ISO date from "I dati … sono aggiornati al dd.mm.yyyy". */
  readonly dataCutoff: string | null;
  /** The latest single quarter the release reports. */
  readonly referenceYear: number;
  readonly referenceQuarter: number;
  /** Department line as printed (renamed over the years — never match on it). */
  readonly department: string | null;
}

/** Structural summary of a document, compared across releases to detect layout drift. */
export interface LayoutFingerprint {
  readonly pageCount: number;
  readonly sections: readonly string[];
  readonly tables: readonly {
    readonly id: string;
    readonly heading: string;
    readonly columns: readonly string[];
    readonly entityCount: number;
  }[];
}

/** Everything a release PDF says that we load. */
export interface ExtractedRelease {
  readonly documentSha256: string;
  readonly meta: ReleaseMeta;
  readonly figures: readonly ExtractedFigure[];
  readonly fingerprint: LayoutFingerprint;
  /** Things a person should look at that do not stop the load (e.g. a prose figure no cell holds). */
  readonly warnings?: readonly ExtractWarning[];
}

/** A non-blocking remark of the extractor, plain data. */
export interface ExtractWarning {
  /** Stable kind, e.g. 'prose-figure-mismatch'. */
  readonly kind: string;
  readonly message: string;
  readonly page?: number;
}
