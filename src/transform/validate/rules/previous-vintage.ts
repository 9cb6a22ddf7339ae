import { periodCode } from '../../../domain/period.ts';
import { registryLookup } from '../entities.ts';
import { figureKey, indexFigures, round1, sampleOf } from '../figure-index.ts';
import type { Rule, Violation } from '../types.ts';


/** Whether |ratio| sits within `slack` of 1000 or 1/1000. */
export function isScaleFlip(cur: number, prev: number, slack: number): boolean {
  if (prev === 0 || cur === 0) return false;
  const r = Math.abs(cur / prev);
  return (r >= 1000 / slack && r <= 1000 * slack) || (r >= 1 / (1000 * slack) && r <= slack / 1000);
}

/**
 * Plausibility against the previous vintage (the same figure as the last loaded
 * release printed it): `scale-flip` (error) when an export level moved by about ×1000
 * or ÷1000 (thousands vs millions — the classic unit slip; a € change near zero can
 * legitimately move by such ratios, so it is judged as a revision instead);
 * `revision-large` (warning) when a level was revised by more than the relative
 * threshold, a % change by more than the absolute one, or a € change by more than
 * the larger of the absolute threshold and the relative one applied to its level.
 * Revisions are normal (ISTAT revises), so only large ones are flagged, never rejected.
 */
export const previousVintage: Rule = {
  id: 'previous-vintage',
  check(release, ctx) {
    if (!ctx.previous) return [];
    const t = ctx.thresholds;
    const lookup = registryLookup(ctx.registry);
    const prev = new Map<string, number>();
    for (const p of ctx.previous.figures) prev.set(figureKey(p.entity, p.period, p.metric), p.value);
    const out: Violation[] = [];
    const index = indexFigures(release.figures);
    for (const f of index.values()) {
      const name = lookup(f.entity)?.name ?? f.entity;
      const old = prev.get(figureKey(name, f.period, f.metric));
      if (old === undefined || old === f.value) continue;
      const detail = `release ${ctx.previous.releaseId} printed ${old}`;
      if (f.metric === 'exports_meur' && isScaleFlip(f.value, old, t.scaleFlipSlack)) {
        out.push({ rule: 'scale-flip', severity: 'error', sample: sampleOf(f, { expected: old, detail }) });
        continue;
      }
      const diff = Math.abs(f.value - old);
      let large: boolean;
      if (f.metric === 'exports_meur') {
        large = Math.abs(old) >= t.levelRevisionMinBase && diff / Math.abs(old) > t.levelRevisionRatio;
      } else if (f.metric === 'delta_meur') {
        const level = index.get(figureKey(f.entity, f.period, 'exports_meur'))?.value ?? 0;
        large = diff > Math.max(t.changeRevisionAbs, t.levelRevisionRatio * Math.abs(level));
      } else {
        large = diff > t.changeRevisionAbs;
      }
      if (large) {
        out.push({
          rule: 'revision-large',
          severity: 'warning',
          sample: sampleOf(f, { expected: old, detail: `${detail} (revision ${round1(f.value - old)} on ${periodCode(f.period)})` }),
        });
      }
    }
    return out;
  },
};
