import { vocabulary as compile, type Vocabulary } from '../../domain/vocabulary/index.ts';
import type { Line } from './types.ts';
import { lineText } from './types.ts';

/**
 * Release metadata as printed: cover title, month and year, note number, data cutoff, department.
 * Found by wording (shared publisher notes, "Timing" and "Inside a release PDF"), not by position.
 */

export interface PrintedMeta {
  readonly title: string | null;
  readonly coverMonth: number | null;
  readonly coverYear: number | null;
  readonly noteNumber: string | null;
  readonly dataCutoff: string | null;
  readonly department: string | null;
}

/** "<Mese> <anno>" in the profile's full month names (src/domain/vocabulary); compiled once per list. */
const monthYears = new WeakMap<readonly string[], RegExp>();
function monthYearOf(names: readonly string[]): RegExp {
  const hit = monthYears.get(names);
  if (hit) return hit;
  const re = new RegExp(String.raw`\b(${names.join('|')})\s+((?:19|20)\d{2})\b`, 'i');
  monthYears.set(names, re);
  return re;
}
/** "Nota Trimestrale – n. 49" (en dash), Marche prints "Nota Trimestrale - 47": keep what follows as printed. */
const NOTE = /\bNota\s+(?:Trimestrale|Semestrale|Annuale)\s*[–—\-−:]?\s*((?:n\.?\s*)?\d{1,4})\b/i;
const CUTOFF = /aggiornati\s+al(?:la\s+data\s+del)?\s+(\d{1,2})[./](\d{1,2})[./](\d{4})/i;
/** A department line: words every naming of the research unit has used (the name itself changes). */
const DEPARTMENT = /\b(?:direzione|servizio|department|dipartimento|research|ricerche)\b/i;
const SERIES = /\bmonitor\b/i;
const STRONG_DEPARTMENT = /\b(?:direzione|servizio|department|dipartimento)\b/i;

const pad = (n: number): string => String(n).padStart(2, '0');

function coverTitle(cover: readonly Line[], MONTH_YEAR: RegExp): string | null {
  const textual = cover.filter((l) => /\p{L}{3}/u.test(lineText(l)) && !MONTH_YEAR.test(lineText(l)));
  const withSeries = textual.find((l) => SERIES.test(lineText(l)));
  if (!withSeries) return null;
  // the title may wrap: the lines set in the same type size as its first line, consecutively
  const idx = cover.indexOf(withSeries);
  const parts = [lineText(withSeries)];
  for (let k = idx + 1; k < cover.length; k++) {
    const l = cover[k];
    if (!l || Math.abs(l.fontSize - withSeries.fontSize) > 0.05 * withSeries.fontSize || MONTH_YEAR.test(lineText(l))) break;
    parts.push(lineText(l));
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * Reads the metadata from the document's lines.
 * @param pages per page, main-column lines then sidebar lines, top to bottom
 * @param vocab the publisher's wordings (its month names)
 */
export function readPrintedMeta(pages: readonly { main: readonly Line[]; sidebar: readonly Line[] }[], vocab: Vocabulary = compile()): PrintedMeta {
  const MONTHS = vocab.profile.periods.monthNames;
  const MONTH_YEAR = monthYearOf(MONTHS);
  const cover = pages[0] ? [...pages[0].main, ...pages[0].sidebar].sort((a, b) => b.y - a.y) : [];
  const all = pages.flatMap((p) => [...p.main, ...p.sidebar]).map(lineText);
  let coverMonth: number | null = null;
  let coverYear: number | null = null;
  // the cover's date is its largest month-year line (a footer date would be small)
  const dated = cover.filter((l) => MONTH_YEAR.test(lineText(l))).sort((a, b) => b.fontSize - a.fontSize)[0];
  const dm = dated ? MONTH_YEAR.exec(lineText(dated)) : null;
  if (dm?.[1] && dm[2]) {
    coverMonth = MONTHS.indexOf(dm[1].toLowerCase()) + 1;
    coverYear = Number(dm[2]);
  }
  let noteNumber: string | null = null;
  let dataCutoff: string | null = null;
  for (const t of all) {
    const n: RegExpExecArray | null = noteNumber === null ? NOTE.exec(t) : null;
    if (n?.[1]) noteNumber = n[1].replace(/\s+/g, ' ');
    const c: RegExpExecArray | null = dataCutoff === null ? CUTOFF.exec(t) : null;
    if (c?.[1] && c[2] && c[3]) dataCutoff = `${c[3]}-${pad(Number(c[2]))}-${pad(Number(c[1]))}`;
  }
  const sidebars = pages.flatMap((p) => p.sidebar).map(lineText);
  const candidates = [...cover.map(lineText), ...sidebars].filter((t) => DEPARTMENT.test(t) && !SERIES.test(t) && t.split(/\s+/).length <= 10);
  // the unit's own line ("Direzione Studi e Ricerche – Industry Research") beats a bare "Industry Research" banner
  const department = candidates.find((t) => STRONG_DEPARTMENT.test(t)) ?? candidates[0] ?? null;
  return { title: coverTitle(cover, MONTH_YEAR), coverMonth, coverYear, noteNumber, dataCutoff, department };
}

/**
 * Section headings: lines set clearly larger than the page's body text (and not on the cover),
 * consecutive heading lines of one size joined (a wrapped heading).
 */
export function readSections(pages: readonly { page: number; main: readonly Line[] }[]): string[] {
  const out: string[] = [];
  for (const p of pages) {
    if (p.page === 1) continue;
    const sizes = p.main.flatMap((l) => l.chunks.map(() => l.fontSize)).sort((a, b) => a - b);
    const body = sizes[Math.floor(sizes.length / 2)] ?? 0;
    let current: { text: string; size: number; y: number } | null = null;
    for (const l of p.main) {
      const t = lineText(l);
      const isHeading = l.fontSize >= 1.2 * body && /\p{L}{3}/u.test(t);
      if (isHeading && current && Math.abs(current.size - l.fontSize) < 0.05 * l.fontSize && current.y - l.y < 2 * l.fontSize) {
        current.text += ` ${t}`;
        current.y = l.y;
        continue;
      }
      if (current) out.push(current.text);
      current = isHeading ? { text: t, size: l.fontSize, y: l.y } : null;
    }
    if (current) out.push(current.text);
  }
  return out;
}
