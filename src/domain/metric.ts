/**
 * What a figure measures. Levels are millions of euro; changes are against the
 * same period one year earlier, except `vs2019_pct` (2020–22 notes compare with 2019).
 */
export const METRICS = ['exports_meur', 'yoy_pct', 'delta_meur', 'vs2019_pct'] as const;
export type Metric = (typeof METRICS)[number];

export function isMetric(s: string): s is Metric {
  return (METRICS as readonly string[]).includes(s);
}

export const ENTITY_KINDS = ['distretto', 'polo', 'aggregato'] as const;
/** `distretto` traditional district, `polo` technology hub, `aggregato` a subtotal or total. */
export type EntityKind = (typeof ENTITY_KINDS)[number];
