import type { EntityDef } from '../../domain/registry/index.ts';
import { EMILIA_ROMAGNA, entityByName, membersAt } from '../../domain/registry/index.ts';
import { parsePeriodCode, quarterIndex } from '../../domain/period.ts';
import { BASE_INDEX } from './model.ts';
import { DatasetError } from './errors.ts';

/**
 * What an entity and a period cover in the model: which districts/hubs (an aggregate is the
 * sum of the release's members of its sector) and which quarters.
 */

/** Model indices of the districts/hubs an entity sums, with membership of release (year, quarter). */
export function componentsOf(entity: string, year: number, quarter: number): number[] {
  const def = entityByName(entity);
  if (!def) throw new DatasetError('DATASET_UNKNOWN_ENTITY', `unknown entity "${entity}"`, { entity });
  const names = componentNames(def, year, quarter);
  return names.map((n) => {
    const i = BASE_INDEX.get(n);
    if (i === undefined) throw new DatasetError('DATASET_UNKNOWN_ENTITY', `"${n}" is not a modelled district or hub`, { entity: n });
    return i;
  });
}

function componentNames(def: EntityDef, year: number, quarter: number): string[] {
  if (def.kind !== 'aggregato') return [def.name];
  const members = membersAt(EMILIA_ROMAGNA, year, quarter);
  switch (def.aggregates) {
    case 'distretti':
      return members.filter((e) => e.kind === 'distretto').map((e) => e.name);
    case 'poli':
      return members.filter((e) => e.kind === 'polo').map((e) => e.name);
    case undefined:
      throw new DatasetError('DATASET_BAD_AGGREGATE', `aggregate "${def.name}" says nothing about what it sums`, { entity: def.name });
    default:
      return members.filter((e) => e.kind === 'distretto' && e.sector === def.aggregates).map((e) => e.name);
  }
}

/** Quarter indices (year·4 + q − 1) a period code covers, shifted by `yearShift` years. */
export function quartersOf(period: string, yearShift = 0): number[] {
  const p = parsePeriodCode(period);
  if ((p.firstMonth - 1) % 3 !== 0 || p.lastMonth % 3 !== 0) {
    throw new DatasetError('DATASET_BAD_PERIOD', `period ${period} does not start and end on quarter bounds`, { period });
  }
  const out: number[] = [];
  for (let q = (p.firstMonth + 2) / 3; q <= p.lastMonth / 3; q++) out.push(quarterIndex(p.year + yearShift, q));
  return out;
}

/** (year, quarter) of a period's last quarter. */
export function lastQuarterOf(period: string): { year: number; quarter: number } {
  const p = parsePeriodCode(period);
  return { year: p.year, quarter: Math.ceil(p.lastMonth / 3) };
}
