import type { BriefData, BriefLang, BriefRelease, QuarterPoint } from './types.ts';
import { formatNumber, formatPct, quarterShort } from './format.ts';
import { displayName } from './i18n.ts';
import { pointAt } from './key-messages.ts';

/**
 * A level in a table: always one decimal, so a column reads "131,0 · 138,5 · 162,0" and
 * not "131 · 138,5 · 162" (issue 11, item 8: whole values looked like a different precision).
 * Prose keeps {@link formatLevel}'s shortest form.
 */
export function formatTableLevel(value: number | null, lang: BriefLang): string {
  return value === null ? '–' : formatNumber(value, lang, 1);
}

/** Marks a quarter whose level and change come from different notes. */
export const MIXED_VINTAGE_MARK = '*';

export interface QuarterlyTable {
  /** One row per quarter, newest first: label, then level and change per entity. */
  readonly rows: string[][];
  /** One sentence per marked cell pair, saying which note each value comes from. */
  readonly footnotes: string[];
}

function noteOf(data: BriefData, releaseId: number, lang: BriefLang): string {
  const r: BriefRelease | undefined =
    data.releases.find((x) => x.id === releaseId) ?? (data.release.id === releaseId ? data.release : undefined);
  const prefix = lang === 'it' ? 'nota' : 'note';
  return r?.noteNumber ? `${prefix} ${r.noteNumber}` : `${prefix} #${releaseId}`;
}

/** True when a later note revised the level after the note that printed the change. */
export function mixedVintage(p: QuarterPoint | undefined): p is QuarterPoint & { exportsReleaseId: number; yoyReleaseId: number } {
  return Boolean(p && p.exportsReleaseId !== null && p.yoyReleaseId !== null && p.exportsReleaseId !== p.yoyReleaseId);
}

/**
 * Table 1 of the brief (levels and year-on-year changes by quarter) as text cells. Pure, so
 * the decimals and the mixed-vintage notes are tested without reading a PDF.
 */
export function quarterlyTable(data: BriefData, lang: BriefLang): QuarterlyTable {
  const ents = data.regionalTotal ? [...data.peers, data.regionalTotal] : [...data.peers];
  const quarters = data.series.filter((p) => p.slug === data.entity.slug).map((p) => [p.year, p.quarter] as const);
  const footnotes: string[] = [];
  const rows = [...quarters].reverse().map(([y, q]) => {
    let marked = false;
    const cells = ents.flatMap((e) => {
      const p = pointAt(data, e.slug, y, q);
      if (mixedVintage(p)) {
        marked = true;
        footnotes.push(
          lang === 'it'
            ? `${MIXED_VINTAGE_MARK} ${quarterShort(y, q, lang)}, ${displayName(e, data, lang)}: livello dalla ${noteOf(data, p.exportsReleaseId, lang)} (rivisto), variazione % dalla ${noteOf(data, p.yoyReleaseId, lang)}.`
            : `${MIXED_VINTAGE_MARK} ${quarterShort(y, q, lang)}, ${displayName(e, data, lang)}: level from ${noteOf(data, p.exportsReleaseId, lang)} (revised), % change from ${noteOf(data, p.yoyReleaseId, lang)}.`,
        );
      }
      return [formatTableLevel(p?.exportsMeur ?? null, lang), formatPct(p?.yoyPct ?? null, lang)];
    });
    return [quarterShort(y, q, lang) + (marked ? ` ${MIXED_VINTAGE_MARK}` : ''), ...cells];
  });
  return { rows, footnotes };
}
