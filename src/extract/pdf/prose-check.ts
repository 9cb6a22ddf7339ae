import type { ExtractedFigure, ExtractWarning } from '../../domain/release.ts';
import { parseItalianNumber } from '../../transform/numbers.ts';
import type { Line } from './types.ts';
import { lineText } from './types.ts';

/**
 * Figures quoted in the prose are checked against the cells (issue 9, "Cross-checks"): every
 * percentage change the text or the sidebar's key numbers print ("+6,4%", "-3,9 %") must be the value
 * of some change figure read from the tables. One that is not is a warning, not a refusal: prose
 * may quote a national figure or a month the tables do not carry, but it is worth a look, because
 * a column read under the wrong period makes the prose and the cells disagree.
 */

export type ProseWarning = ExtractWarning;

const PCT = /(?<![\d,.])([+\-−]\s?\d{1,3}(?:,\d{1,2})?)\s?%/g;

export function checkProse(pages: readonly { page: number; main: readonly Line[]; sidebar: readonly Line[] }[], figures: readonly ExtractedFigure[]): ProseWarning[] {
  const changes = figures.filter((f) => f.metric === 'yoy_pct' || f.metric === 'vs2019_pct').map((f) => f.value);
  if (changes.length === 0) return [];
  const cells = new Set(figures.map((f) => `${f.provenance.page}|${f.provenance.rawText}|${Math.round(f.provenance.y)}`));
  const out: ProseWarning[] = [];
  for (const p of pages) {
    for (const line of [...p.main, ...p.sidebar]) {
      const text = lineText(line);
      for (const m of text.matchAll(PCT)) {
        const raw = (m[1] ?? '').replace(/\s/g, '');
        if (cells.has(`${p.page}|${raw}|${Math.round(line.y)}`)) continue;
        const v = parseItalianNumber(raw);
        if (v === null || changes.some((c) => Math.abs(c - v) < 0.05 + 1e-9)) continue;
        out.push({ kind: 'prose-figure-mismatch', message: `the text quotes ${raw}% ("${text.slice(0, 80)}") but no change read from the tables has that value`, page: p.page });
        if (out.length >= 10) return out;
      }
    }
  }
  return out;
}
