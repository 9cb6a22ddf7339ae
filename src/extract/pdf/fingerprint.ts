import type { LayoutFingerprint } from '../../domain/release.ts';
import type { DriftFinding } from './errors/layout-drift-error.ts';

/** Share of the previous release's entities a table may lose before the parse stops. */
export const MIN_ENTITY_SHARE = 0.8;

/** Tables every release must have (kinds assigned from the entities their rows name). */
export const REQUIRED_TABLES: readonly { id: string; what: string }[] = [
  { id: 'distretti', what: 'the districts table (rows naming traditional districts)' },
  { id: 'poli', what: 'the technology hubs table (rows naming poli tecnologici)' },
];

/**
 * Compares a release's fingerprint with what every release must have and with the previous
 * release's fingerprint (when given). Returns the departures; empty when the layout is known.
 */
export function compareFingerprint(current: LayoutFingerprint, previous?: LayoutFingerprint): DriftFinding[] {
  const out: DriftFinding[] = [];
  const found = current.tables.map((t) => `${t.id} (${t.entityCount} entities)`).join(', ') || 'no entity tables';
  for (const req of REQUIRED_TABLES) {
    if (!current.tables.some((t) => t.id === req.id && t.entityCount > 0)) {
      out.push({ kind: 'table-missing', expected: req.what, found, table: req.id });
    }
  }
  for (const prev of previous?.tables ?? []) {
    const cur = current.tables.find((t) => t.id === prev.id);
    if (!cur) {
      if (!out.some((f) => f.table === prev.id)) {
        out.push({ kind: 'table-missing', expected: `table ${prev.id} "${prev.heading}" as in the previous release`, found, table: prev.id });
      }
      continue;
    }
    if (cur.entityCount < MIN_ENTITY_SHARE * prev.entityCount) {
      out.push({
        kind: 'entity-count',
        expected: `about ${prev.entityCount} entities as in the previous release`,
        found: `${cur.entityCount}`,
        table: prev.id,
      });
    }
  }
  return out;
}
