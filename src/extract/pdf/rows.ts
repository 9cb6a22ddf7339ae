import type { EntityDef } from '../../domain/registry/types.ts';
import { normalizeName } from '../../transform/names.ts';
import type { BodyLine } from './tables.ts';

/**
 * Table rows: a row is one body line with numbers, its label possibly wrapped over the label-only
 * line above or below it (which side depends on the layout: try both and keep what names a known
 * entity). Footnote markers are stripped from the label and kept.
 */

export interface TableRow {
  /** The label as printed, wrapped parts joined with a space, footnote markers removed. */
  readonly label: string;
  /** The label with its footnote markers, as printed. */
  readonly rawLabel: string;
  readonly footnotes: readonly string[];
  /** Resolved entity, or undefined when the label is unknown. */
  readonly entity: EntityDef | undefined;
  readonly numbers: BodyLine;
}

/** Generic total labels whose meaning depends on the table ("Totale" in the hubs table = all hubs). */
const GENERIC_TOTAL = /^(?:totale|totale generale|totale complessivo|totale regione)$/;

const MARKER = /\s*(?:\(\s*(?:\d{1,2}|\*{1,3}|[a-z])\s*\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*{1,3})(?=\s|$)/giu;

/** Splits footnote markers off a label: "Macchine … Reggio Emilia (1)" → label + ["(1)"]. */
export function stripMarkers(raw: string): { label: string; markers: string[] } {
  const markers: string[] = [];
  const label = raw
    .replace(MARKER, (m) => {
      markers.push(m.trim());
      return ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();
  return { label, markers };
}

/** Label parts joined with spaces, missing ones left out. */
function join(...xs: (string | null)[]): string {
  return xs.filter((x): x is string => !!x).join(' ');
}

const isLabelOnly = (b: BodyLine): boolean => b.cells.every((c) => c === undefined) && b.strays.length === 0;

/** Whether a label is a generic total ("Totale"), resolved later by the table's kind. */
export function isGenericTotal(label: string): boolean {
  return GENERIC_TOTAL.test(normalizeName(label));
}

/**
 * Groups body lines into rows and resolves their labels.
 * `resolve` returns the entity for a label (registry names, aliases, generic totals).
 */
export function assembleRows(body: readonly BodyLine[], resolve: (label: string) => EntityDef | undefined): TableRow[] {
  const used = new Set<number>();
  const rows: TableRow[] = [];
  const textAt = (k: number): string | null => {
    const b = body[k];
    return b && isLabelOnly(b) && !used.has(k) && b.label !== '' ? b.label : null;
  };
  body.forEach((b, k) => {
    if (isLabelOnly(b)) return;
    const p1 = textAt(k - 1);
    const p2 = p1 !== null ? textAt(k - 2) : null;
    const n1 = textAt(k + 1);
    const n2 = n1 !== null ? textAt(k + 2) : null;
    const p3 = p2 !== null ? textAt(k - 3) : null;
    const n3 = n2 !== null ? textAt(k + 3) : null;
    // joined candidates first: label-only neighbours that complete a known name are a wrapped row
    // (names wrap over two to four lines; the numbers sit on the first or the last line)
    const candidates: { text: string; uses: number[] }[] = [];
    if (p1 !== null) candidates.push({ text: join(p1, b.label), uses: [k - 1] });
    if (p2 !== null) candidates.push({ text: join(p2, p1, b.label), uses: [k - 2, k - 1] });
    if (n1 !== null) candidates.push({ text: join(b.label, n1), uses: [k + 1] });
    if (n2 !== null) candidates.push({ text: join(b.label, n1, n2), uses: [k + 1, k + 2] });
    if (p3 !== null) candidates.push({ text: join(p3, p2, p1, b.label), uses: [k - 3, k - 2, k - 1] });
    if (n3 !== null) candidates.push({ text: join(b.label, n1, n2, n3), uses: [k + 1, k + 2, k + 3] });
    candidates.push({ text: b.label, uses: [] });
    if (p1 !== null && n1 !== null) candidates.push({ text: join(p1, b.label, n1), uses: [k - 1, k + 1] });
    let chosen: { text: string; uses: number[]; entity: EntityDef } | undefined;
    for (const c of candidates) {
      if (!c.text) continue;
      const entity = resolve(stripMarkers(c.text).label);
      if (entity) {
        chosen = { ...c, entity };
        break;
      }
    }
    const rawLabel = chosen?.text ?? b.label;
    chosen?.uses.forEach((u) => used.add(u));
    const { label, markers } = stripMarkers(rawLabel);
    const extra = [b, ...(chosen?.uses ?? []).map((u) => body[u])].flatMap((x) => x?.labelFootnotes ?? []);
    rows.push({ label, rawLabel, footnotes: [...markers, ...extra], entity: chosen?.entity, numbers: b });
  });
  return rows;
}
