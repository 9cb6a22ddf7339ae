import { quarterIndex } from '../domain/period.ts';
import { formatLevel, formatPct, formatPoints, quarterLong, quarterShort, MONTHS } from './format.ts';
import type { BriefData, BriefLang, KeyMessage, QuarterPoint, Revision } from './types.ts';

/** The entity's (or any series entity's) point for a quarter, if in the window. */
export function pointAt(data: BriefData, slug: string, year: number, quarter: number): QuarterPoint | undefined {
  return data.series.find((p) => p.slug === slug && p.year === year && p.quarter === quarter);
}

/** Ranks (1 = highest) of a value in a list; ties share the better rank. */
function rankOf(value: number, all: readonly number[]): number {
  return 1 + all.filter((v) => v > value).length;
}

/** Consecutive quarters, back from the reference one, with the same sign of yoy. */
export interface Streak {
  readonly direction: 'growth' | 'decline' | 'flat';
  readonly length: number;
  /** True when the streak runs to the start of the 5-year window (it may be longer). */
  readonly open: boolean;
  /** The streak before it (opposite sign), if any. */
  readonly before: { readonly direction: 'growth' | 'decline' | 'flat'; readonly length: number; readonly open: boolean } | null;
}

const sign = (v: number): Streak['direction'] => (v > 0 ? 'growth' : v < 0 ? 'decline' : 'flat');

/** Growth/decline streak of the entity's yoy change, from the series in the brief. */
export function streakOf(data: BriefData): Streak | null {
  const pts = data.series.filter((p) => p.slug === data.entity.slug).sort((a, b) => quarterIndex(b.year, b.quarter) - quarterIndex(a.year, a.quarter));
  const runs: { direction: Streak['direction']; length: number; open: boolean }[] = [];
  for (const p of pts) {
    if (p.yoyPct === null) break;
    const d = sign(p.yoyPct);
    const last = runs.at(-1);
    if (last && last.direction === d) last.length++;
    else {
      if (runs.length === 2) break;
      runs.push({ direction: d, length: 1, open: false });
    }
  }
  if (runs.length === 0) return null;
  // A run that reaches the oldest quarter of the window may continue before it.
  const total = runs.reduce((s, r) => s + r.length, 0);
  if (total === pts.length || pts[total]?.yoyPct === null) runs.at(-1)!.open = true;
  const [cur, before] = runs;
  return { ...cur!, before: before ?? null };
}

/** Simple mean of the hubs' yoy change in the reference quarter (entity included when it is a hub). */
export function hubsAverage(data: BriefData): { mean: number; count: number } | null {
  const hubs = data.peers.filter((e) => e.kind === 'polo');
  const v = hubs.map((e) => pointAt(data, e.slug, data.year, data.quarter)?.yoyPct).filter((x): x is number => x !== null && x !== undefined);
  return v.length ? { mean: v.reduce((s, x) => s + x, 0) / v.length, count: v.length } : null;
}

/**
 * The front page's 4–5 findings, in plain words: level and yoy change, rank among the
 * hubs, gap to the hubs' average and to the region's districts total, the growth or decline
 * streak, and revisions since the previous release. Pure: same data, same sentences.
 */
export function computeKeyMessages(data: BriefData, lang: BriefLang): KeyMessage[] {
  const out: KeyMessage[] = [];
  const L = lang;
  const name = data.entity.name;
  const cur = pointAt(data, data.entity.slug, data.year, data.quarter);
  const prev = pointAt(data, data.entity.slug, data.year - 1, data.quarter);
  const q = quarterLong(data.year, data.quarter, L);
  const qPrev = quarterLong(data.year - 1, data.quarter, L);
  const meur = (v: number | null) => (L === 'it' ? `${formatLevel(v, L)} milioni di euro` : `€${formatLevel(v, L)} million`);

  // 1. Level and change.
  const level = cur?.exportsMeur ?? null;
  const yoy = cur?.yoyPct ?? null;
  {
    let text: string;
    if (L === 'it') {
      text = level !== null ? `Nel ${q} le esportazioni di ${name} sono state pari a ${meur(level)}` : `Nel ${q} le esportazioni di ${name}`;
      if (yoy !== null) text += `${level !== null ? ',' : ' hanno segnato'} ${formatPct(yoy, L)} rispetto al ${qPrev}`;
      if (prev?.exportsMeur != null) text += ` (${meur(prev.exportsMeur)})`;
    } else {
      text = level !== null ? `In the ${q} ${name} exported ${meur(level)}` : `In the ${q} ${name}'s exports changed`;
      if (yoy !== null) text += `${level !== null ? ',' : ''} ${formatPct(yoy, L)} on the ${qPrev}`;
      if (prev?.exportsMeur != null) text += ` (${meur(prev.exportsMeur)})`;
    }
    out.push({ kind: 'level', text: text + '.', figures: { exportsMeur: level, yoyPct: yoy, previousYearExportsMeur: prev?.exportsMeur ?? null } });
  }

  // 2. Rank among the hubs (by yoy, and by level), and among all hubs and districts.
  if (yoy !== null) {
    const peerYoy = data.peers.map((e) => pointAt(data, e.slug, data.year, data.quarter)?.yoyPct).filter((x): x is number => x != null);
    const peerLvl = data.peers.map((e) => pointAt(data, e.slug, data.year, data.quarter)?.exportsMeur).filter((x): x is number => x != null);
    const rankYoy = rankOf(yoy, peerYoy);
    const rankLvl = level !== null ? rankOf(level, peerLvl) : null;
    const allRank = data.latestYoy.findIndex((x) => x.slug === data.entity.slug) + 1 || null;
    const n = peerYoy.length;
    const hubWord = data.entity.kind === 'polo';
    let text: string;
    if (L === 'it') {
      text = hubWord
        ? `Tra i ${n} poli tecnologici dell'${data.regionLabel} è ${rankYoy}° per variazione tendenziale`
        : `Confrontato con i poli tecnologici dell'${data.regionLabel}, è ${rankYoy}° su ${n} per variazione tendenziale`;
      if (rankLvl !== null) text += ` e ${rankLvl}° per valore esportato`;
      if (allRank !== null) text += `; ${allRank}° su ${data.latestYoy.length} tra poli e distretti della regione`;
    } else {
      text = hubWord
        ? `Among the ${n} technology hubs of ${data.regionLabel} it ranks ${ordinalEn(rankYoy)} for year-on-year change`
        : `Set against the technology hubs of ${data.regionLabel}, it ranks ${ordinalEn(rankYoy)} of ${n} for year-on-year change`;
      if (rankLvl !== null) text += ` and ${ordinalEn(rankLvl)} for export value`;
      if (allRank !== null) text += `; ${ordinalEn(allRank)} of ${data.latestYoy.length} among the region's hubs and districts`;
    }
    out.push({ kind: 'rank', text: text + '.', figures: { rankYoy, rankLevel: rankLvl, peers: n, rankAll: allRank, all: data.latestYoy.length } });
  }

  // 3. Gap to the hubs' average and to the regional districts total.
  const avg = hubsAverage(data);
  const total = data.regionalTotal ? pointAt(data, data.regionalTotal.slug, data.year, data.quarter)?.yoyPct ?? null : null;
  if (yoy !== null && (avg || total !== null)) {
    const parts: string[] = [];
    const gapAvg = avg ? yoy - avg.mean : null;
    const gapTot = total !== null ? yoy - total : null;
    const side = (g: number) => (L === 'it' ? (g >= 0 ? 'sopra' : 'sotto') : g >= 0 ? 'above' : 'below');
    const pts = (g: number) => formatPoints(Math.abs(g), L).replace(/^\+/, '');
    if (L === 'it') {
      if (gapAvg !== null) parts.push(`${pts(gapAvg)} ${side(gapAvg)} la media dei poli tecnologici (${formatPct(avg!.mean, L)})`);
      if (gapTot !== null) parts.push(`${pts(gapTot)} ${side(gapTot)} il totale dei distretti della regione (${formatPct(total, L)})`);
      out.push({ kind: 'gap', text: `La variazione tendenziale è ${parts.join(' e ')}.`, figures: { hubsAverage: avg?.mean ?? null, gapToHubsAverage: gapAvg, regionalTotalYoy: total, gapToRegionalTotal: gapTot } });
    } else {
      if (gapAvg !== null) parts.push(`${pts(gapAvg)} ${side(gapAvg)} the hubs' average (${formatPct(avg!.mean, L)})`);
      if (gapTot !== null) parts.push(`${pts(gapTot)} ${side(gapTot)} the region's districts as a whole (${formatPct(total, L)})`);
      out.push({ kind: 'gap', text: `The year-on-year change is ${parts.join(' and ')}.`, figures: { hubsAverage: avg?.mean ?? null, gapToHubsAverage: gapAvg, regionalTotalYoy: total, gapToRegionalTotal: gapTot } });
    }
  }

  // 4. Streak.
  const s = streakOf(data);
  if (s) {
    out.push({ kind: 'streak', text: streakText(s, L), figures: { length: s.length, direction: s.direction === 'growth' ? 1 : s.direction === 'decline' ? -1 : 0, lengthBefore: s.before?.length ?? null } });
  }

  // 5. Revisions.
  out.push({ kind: 'revisions', text: revisionsText(data, L), figures: { revisions: data.revisions.length, entityRevisions: data.revisions.filter((r) => r.slug === data.entity.slug).length } });
  return out;
}

function ordinalEn(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${s}`;
}

function streakText(s: Streak, L: BriefLang): string {
  const atLeast = (open: boolean) => (open ? (L === 'it' ? 'almeno ' : 'at least ') : '');
  const word = (d: Streak['direction']) =>
    L === 'it' ? (d === 'growth' ? 'crescita' : d === 'decline' ? 'calo' : 'stabilità') : d === 'growth' ? 'growth' : d === 'decline' ? 'decline' : 'no change';
  if (s.length === 1 && s.before) {
    return L === 'it'
      ? `Primo trimestre di ${word(s.direction)} tendenziale dopo ${atLeast(s.before.open)}${s.before.length} trimestri di ${word(s.before.direction)}.`
      : `First quarter of year-on-year ${word(s.direction)} after ${atLeast(s.before.open)}${s.before.length} quarters of ${word(s.before.direction)}.`;
  }
  return L === 'it'
    ? `${atLeast(s.open) ? 'Almeno ' : ''}${s.length} trimestri consecutivi di ${word(s.direction)} tendenziale.`
    : `${atLeast(s.open) ? 'At least ' : ''}${s.length} consecutive quarters of year-on-year ${word(s.direction)}.`;
}

function revisionsText(data: BriefData, L: BriefLang): string {
  const p = data.previousRelease;
  if (!p) {
    return L === 'it'
      ? 'Nessuna nota precedente nel database: le revisioni non sono valutabili.'
      : 'No earlier note in the database: revisions cannot be assessed.';
  }
  const note = `${p.noteNumber ?? '–'}, ${MONTHS[L][p.coverMonth - 1]} ${p.coverYear}`;
  if (data.revisions.length === 0) {
    return L === 'it'
      ? `Nessun dato rivisto rispetto alle note precedenti (l'ultima: ${note}).`
      : `No figure revised against earlier notes (latest: ${note}).`;
  }
  const mine = data.revisions.filter((r) => r.slug === data.entity.slug);
  const others = data.revisions.length - mine.length;
  // One clause per revised quarter: the level with its unit, the yoy change in brackets.
  const byQuarter = new Map<string, { year: number; quarter: number; level?: Revision; yoy?: Revision }>();
  for (const r of mine) {
    const k = `${r.year}Q${r.quarter}`;
    const e = byQuarter.get(k) ?? { year: r.year, quarter: r.quarter };
    if (r.metric === 'exports_meur') e.level = r;
    else if (r.metric === 'yoy_pct') e.yoy = r;
    byQuarter.set(k, e);
  }
  const meur = (v: number) => (L === 'it' ? `${formatLevel(v, L)} milioni di euro` : `€${formatLevel(v, L)} million`);
  const clauses = [...byQuarter.values()].slice(0, 3).map((e) => {
    const q = quarterShort(e.year, e.quarter, L);
    const yoy = e.yoy ? `${formatPct(e.yoy.previous, L)} ${L === 'it' ? 'a' : 'to'} ${formatPct(e.yoy.current, L)}` : null;
    if (L === 'it') {
      if (e.level) return `l'export del ${q} è stato rivisto da ${formatLevel(e.level.previous, L)} a ${meur(e.level.current)}${yoy ? ` (variazione tendenziale da ${yoy})` : ''}`;
      return `la variazione tendenziale del ${q} è stata rivista da ${yoy}`;
    }
    if (e.level) return `exports for ${q} were revised from ${meur(e.level.previous)} to ${meur(e.level.current)}${yoy ? ` (year-on-year change from ${yoy})` : ''}`;
    return `the year-on-year change for ${q} was revised from ${yoy}`;
  });
  const more = byQuarter.size - clauses.length;
  if (L === 'it') {
    let t = `Rispetto alle note precedenti (l'ultima: ${note}) `;
    t += clauses.length ? clauses.join('; ') : `i dati di ${data.entity.name} non sono stati rivisti`;
    if (more > 0) t += `; rivisti anche altri ${more} trimestri`;
    if (others > 0) t += `; ${others === 1 ? 'rivisto anche 1 dato' : `rivisti anche ${others} dati`} degli altri poli e del totale regionale`;
    return t + '.';
  }
  let t = `Against earlier notes (latest: ${note}) `;
  t += clauses.length ? clauses.join('; ') : `${data.entity.name}'s figures are unrevised`;
  if (more > 0) t += `; ${more} more quarter${more === 1 ? '' : 's'} revised`;
  if (others > 0) t += `; ${others} figure${others === 1 ? '' : 's'} of the other hubs and the regional total also revised`;
  return t + '.';
}
