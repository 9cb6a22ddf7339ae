import { EMILIA_ROMAGNA } from './emilia-romagna.ts';
import type { EntityDef, RegionRegistry } from './types.ts';
import { parsePeriodCode, comparePeriods, quarterPeriod } from '../period.ts';

export type { EntityDef, RegionRegistry, Sector } from './types.ts';
export { EMILIA_ROMAGNA } from './emilia-romagna.ts';

/** Every region we know. Adding a region is adding a registry file here. */
export const REGIONS: Readonly<Record<string, RegionRegistry>> = Object.freeze({
  [EMILIA_ROMAGNA.region]: EMILIA_ROMAGNA,
});

export function regionRegistry(region: string): RegionRegistry {
  const r = REGIONS[region];
  if (!r) throw new RangeError(`unknown region "${region}" (known: ${Object.keys(REGIONS).join(', ')})`);
  return r;
}

export function entityByName(name: string): EntityDef | undefined {
  for (const r of Object.values(REGIONS)) {
    const e = r.entities.find((x) => x.name === name);
    if (e) return e;
  }
  return undefined;
}

export function entityBySlug(slug: string): EntityDef | undefined {
  for (const r of Object.values(REGIONS)) {
    const e = r.entities.find((x) => x.slug === slug);
    if (e) return e;
  }
  return undefined;
}

/** Whether a release whose latest quarter is (year, quarter) carries this entity. */
export function isMemberAt(e: EntityDef, year: number, quarter: number): boolean {
  const p = quarterPeriod(year, quarter);
  if (e.memberFrom && comparePeriods(p, parsePeriodCode(e.memberFrom)) < 0) return false;
  if (e.memberUntil && comparePeriods(p, parsePeriodCode(e.memberUntil)) > 0) return false;
  return true;
}

/** The entities a release for that quarter should carry, in registry order. */
export function membersAt(registry: RegionRegistry, year: number, quarter: number): EntityDef[] {
  return registry.entities.filter((e) => isMemberAt(e, year, quarter));
}
