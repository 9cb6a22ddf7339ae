import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { displayName, LABELS } from './i18n.ts';
import { formatPct, quarterShort } from './format.ts';
import { exportsDataset, indexDataset, rankedDataset, seriesEntities, yoyDataset, type Dataset } from './datasets.ts';
import type { BriefData, BriefLang } from './types.ts';

/** The font family the SVG names; the PDF maps it to the embedded DejaVu Sans. */
export const CHART_FONT = 'DejaVu Sans';

type Rows = Record<string, unknown>[];

/** One chart: its title, the data behind it, and the Vega-Lite spec that draws it. */
export interface ChartSpec {
  readonly id: 'exports' | 'yoy' | 'index' | 'ranked';
  readonly title: string;
  /** A line under the title (e.g. the index base). */
  readonly subtitle: string | null;
  /** The data behind the chart, attached to the PDF as CSV. */
  readonly dataset: Dataset;
  /** Vega-Lite spec whose data sources are *named*; their rows are in `values`. */
  readonly spec: TopLevelSpec;
  readonly values: Readonly<Record<string, Rows>>;
}

const ENTITY_COLOR = '#b8312f';
const PEER_COLORS = ['#2a6fb0', '#3c9a5f', '#8e6bb8', '#d08a22', '#4aa3a2'];
const TOTAL_COLOR = '#6f6f6f';
const DISTRICT_COLOR = '#a9b7c6';
const WIDTH = 440;

/** d3-format locale per language, so axes read "1.000" / "1,000" and use the true minus. */
function locale(lang: BriefLang) {
  return lang === 'it'
    ? { number: { decimal: ',', thousands: '.', grouping: [3], currency: ['', ' €'], minus: '\u2212' } }
    : { number: { decimal: '.', thousands: ',', grouping: [3], currency: ['€', ''], minus: '\u2212' } };
}

function baseConfig(lang: BriefLang, legendColumns = 2) {
  return {
    font: CHART_FONT,
    locale: locale(lang),
    view: { stroke: null },
    axis: { labelFontSize: 8, titleFontSize: 8, titleFontWeight: 'normal', titleColor: '#333', labelColor: '#333', gridColor: '#e6e6e6', domainColor: '#888', tickColor: '#888' },
    legend: { labelFontSize: 8, orient: 'bottom', direction: 'horizontal', columns: legendColumns, symbolSize: 60, labelLimit: 260, title: null },
    line: { strokeWidth: 1.6 },
    background: 'white',
  };
}

/** Colour scale: the entity in red, other hubs in distinct colours, the regional total in grey. */
function colorScale(data: BriefData, lang: BriefLang, withTotal: boolean) {
  const ents = withTotal ? seriesEntities(data) : [...data.peers];
  const domain = ents.map((e) => displayName(e, data, lang));
  const range = ents.map((e, i) =>
    e.slug === data.entity.slug ? ENTITY_COLOR : data.regionalTotal && e.slug === data.regionalTotal.slug ? TOTAL_COLOR : PEER_COLORS[(i - 1) % PEER_COLORS.length]!,
  );
  return { domain, range };
}

/** x axis over quarters as decimal years (2021.0 = Q1 2021), ticked at each year's Q1. */
function timeX(data: BriefData, lang: BriefLang) {
  const ts = data.series.map((p) => p.year + (p.quarter - 1) / 4);
  const first = Math.min(...ts);
  const last = Math.max(...ts);
  const years: number[] = [];
  for (let y = Math.ceil(first); y <= last; y++) years.push(y);
  return {
    field: 't',
    type: 'quantitative',
    scale: { domain: [first, last], nice: false, zero: false },
    axis: { values: years, format: 'd', title: lang === 'it' ? 'Trimestre (tacche al 1° trimestre di ogni anno)' : 'Quarter (ticks at Q1 of each year)', grid: true },
  };
}

/** The four charts of the brief, in page order. */
export function chartSpecs(data: BriefData, lang: BriefLang): ChartSpec[] {
  const L = LABELS[lang];
  const entityName = displayName(data.entity, data, lang);
  const totalName = data.regionalTotal ? displayName(data.regionalTotal, data, lang) : null;
  const strokeBy = { condition: { test: `datum.entity === ${JSON.stringify(entityName)}`, value: 2.6 }, value: 1.4 };
  // The regional total is drawn dashed in its own layer (pdfkit rejects a zero-gap dash).
  const lineLayers = (encoding: Record<string, unknown>, point: boolean) => [
    { data: { name: 'lines' }, mark: point ? { type: 'line', point: { size: 10 } } : { type: 'line' }, encoding },
    ...(totalName ? [{ data: { name: 'total' }, mark: { type: 'line', strokeDash: [4, 3] }, encoding }] : []),
  ];
  const splitRows = (rows: readonly Record<string, unknown>[]) => ({
    lines: rows.filter((r) => r.entity !== totalName),
    total: rows.filter((r) => r.entity === totalName),
  });

  const exportsDs = exportsDataset(data, lang);
  const exportsSpec = {
    width: WIDTH,
    height: 185,
    config: baseConfig(lang, 3),
    data: { name: 'lines' },
    mark: { type: 'line' },
    encoding: {
      x: timeX(data, lang),
      y: { field: 'exports_meur', type: 'quantitative', title: L.axisExports, axis: { format: ',.0f' } },
      color: { field: 'entity', type: 'nominal', scale: colorScale(data, lang, false), sort: null },
      strokeWidth: strokeBy,
    },
  };

  const yoyDs = yoyDataset(data, lang);
  const yoySpec = {
    width: WIDTH,
    height: 185,
    config: baseConfig(lang),
    layer: [
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#555', strokeWidth: 0.8 }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
      ...lineLayers(
        {
          x: timeX(data, lang),
          y: { field: 'yoy_pct', type: 'quantitative', title: L.axisYoy, axis: { format: '+,.0f' } },
          color: { field: 'entity', type: 'nominal', scale: colorScale(data, lang, true), sort: null },
          strokeWidth: strokeBy,
        },
        false,
      ),
    ],
  };

  const indexDs = indexDataset(data, lang);
  const indexSpec = {
    width: WIDTH,
    height: 175,
    config: baseConfig(lang),
    layer: [
      { data: { values: [{ base: 100 }] }, mark: { type: 'rule', color: '#555', strokeWidth: 0.8 }, encoding: { y: { field: 'base', type: 'quantitative' } } },
      ...lineLayers(
        {
          x: timeX(data, lang),
          y: { field: 'index', type: 'quantitative', title: L.axisIndexShort, scale: { zero: false }, axis: { format: ',.0f' } },
          color: { field: 'entity', type: 'nominal', scale: colorScale(data, lang, true), sort: null },
          strokeWidth: strokeBy,
        },
        false,
      ),
    ],
  };

  const rankedDs = rankedDataset(data);
  const category = (r: Readonly<Record<string, unknown>>) => (r.slug === data.entity.slug ? entityName : r.kind === 'polo' ? L.kindHub : L.kindDistrict);
  const rankedRows = rankedDs.rows.map((r) => ({ ...r, category: category(r) }));
  const totalYoy = data.regionalTotal ? (data.series.find((p) => p.slug === data.regionalTotal!.slug && p.year === data.year && p.quarter === data.quarter)?.yoyPct ?? null) : null;
  const barH = 11;
  const rankedSpec = {
    width: WIDTH - 180,
    height: Math.max(60, rankedRows.length * barH),
    config: baseConfig(lang, 3),
    layer: [
      {
        data: { name: 'bars' },
        mark: { type: 'bar', height: barH - 3 },
        encoding: {
          y: { field: 'entity', type: 'nominal', sort: { field: 'rank', order: 'ascending' }, title: null, axis: { labelFontSize: 7.5, labelLimit: 300 } },
          x: { field: 'yoy_pct', type: 'quantitative', title: `${L.axisYoy}, ${quarterShort(data.year, data.quarter, lang)}`, axis: { format: '+,.0f' } },
          color: { field: 'category', type: 'nominal', sort: null, scale: { domain: [entityName, L.kindHub, L.kindDistrict], range: [ENTITY_COLOR, PEER_COLORS[0]!, DISTRICT_COLOR] } },
        },
      },
      ...(totalYoy !== null
        ? [
            { data: { values: [{ v: totalYoy }] }, mark: { type: 'rule', color: '#333', strokeDash: [4, 3], strokeWidth: 1 }, encoding: { x: { field: 'v', type: 'quantitative' } } },
            {
              data: { values: [{ v: totalYoy, label: `${L.regionalTotalLabel} ${formatPct(totalYoy, lang)}` }] },
              mark: { type: 'text', align: 'left', dx: 3, dy: -5, fontSize: 7.5, color: '#333' },
              encoding: { x: { field: 'v', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
            },
          ]
        : []),
    ],
  };

  const base = indexDs.baseFrom && indexDs.baseTo ? `${lang === 'it' ? 'media' : 'average'} ${quarterShort(indexDs.baseFrom.year, indexDs.baseFrom.quarter, lang)} – ${quarterShort(indexDs.baseTo.year, indexDs.baseTo.quarter, lang)}` : '–';
  return [
    { id: 'exports', title: L.chartExports, subtitle: lang === 'it' ? 'Milioni di euro' : '€ million', dataset: exportsDs, spec: exportsSpec as TopLevelSpec, values: { lines: exportsDs.rows as Rows } },
    { id: 'yoy', title: L.chartYoy, subtitle: lang === 'it' ? "Var. % sullo stesso trimestre dell'anno precedente" : '% change on the same quarter a year earlier', dataset: yoyDs, spec: yoySpec as TopLevelSpec, values: splitRows(yoyDs.rows) },
    { id: 'index', title: L.chartIndex, subtitle: L.axisIndex(base), dataset: indexDs, spec: indexSpec as TopLevelSpec, values: splitRows(indexDs.rows) },
    { id: 'ranked', title: L.chartRanked, subtitle: quarterShort(data.year, data.quarter, lang), dataset: rankedDs, spec: rankedSpec as TopLevelSpec, values: { bars: rankedRows } },
  ];
}

/**
 * Live Vega views, one per chart template (the spec without its named data): compiling the
 * Vega-Lite spec, parsing it and building the dataflow cost more than drawing, and they depend
 * only on the template, so briefs of the same shape (entity, language, quarter span) share a
 * view and only swap its data. Calls on one view are serialised; the pool is bounded.
 */
const VIEW_LIMIT = 32;
interface PooledView {
  readonly view: vega.View;
  queue: Promise<unknown>;
}
const views = new Map<string, PooledView>();

function pooledView(spec: TopLevelSpec): PooledView {
  const key = JSON.stringify(spec);
  let entry = views.get(key);
  if (!entry) {
    entry = { view: new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' }), queue: Promise.resolve() };
    views.set(key, entry);
    if (views.size > VIEW_LIMIT) {
      const [oldKey, old] = views.entries().next().value!;
      views.delete(oldKey);
      void old.queue.then(() => old.view.finalize());
    }
  }
  return entry;
}

/**
 * Vega numbers clip paths and gradients with module-level counters, so the same chart drawn
 * twice in one process would differ; renumber them per SVG, in order of appearance.
 */
export function normalizeSvgIds(svg: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/id="((?:clip|gradient_)\d+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `d${ids.size + 1}`);
  if (ids.size === 0) return svg;
  return svg.replace(/(id="|url\(#)((?:clip|gradient_)\d+)/g, (all, pre: string, id: string) => (ids.has(id) ? pre + ids.get(id)! : all));
}

/**
 * Draws a chart to an SVG string, headless (renderer 'none': no canvas, text widths are
 * estimated), with ids renumbered so the same chart always yields the same SVG.
 */
export async function chartToSvg(chart: Pick<ChartSpec, 'spec' | 'values'>): Promise<string> {
  const entry = pooledView(chart.spec);
  const draw = entry.queue.then(async () => {
    // Vega tags the tuples it is given: hand it copies, never the dataset rows.
    for (const [name, rows] of Object.entries(chart.values)) entry.view.data(name, rows.map((r) => ({ ...r })));
    await entry.view.runAsync();
    return compactSvg(normalizeSvgIds(await entry.view.toSVG()));
  });
  entry.queue = draw.catch(() => undefined);
  return draw;
}

/**
 * Drops what svg-to-pdfkit would parse and walk for nothing: accessibility and class
 * attributes, empty background paths, and attribute-less `<g>` wrappers (a no-op in SVG).
 * svg-to-pdfkit's cost is per element, and Vega nests every mark in such groups.
 */
export function compactSvg(svg: string): string {
  const lean = svg
    .replace(/ (?:class|role|aria-[a-z]+|aria-roledescription|pointer-events)="[^"]*"/g, '')
    .replace(/<path d="(?:|M0,0h0v0h0Z)"(?: display="none")?\/>/g, '');
  const open: boolean[] = [];
  return lean.replace(/<g>|<g\s[^>]*>|<\/g>/g, (tag) => {
    if (tag === '</g>') return open.pop() ? '' : tag;
    open.push(tag === '<g>');
    return tag === '<g>' ? '' : tag;
  });
}
