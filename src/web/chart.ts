import { esc } from './html.ts';

/**
 * A small inline SVG bar chart (no JavaScript, scales with its container, readable
 * without colour: values are printed above the newest bar and the extremes).
 */
export function barChartSvg(points: ReadonlyArray<{ label: string; value: number | null }>, opts: { title: string; format: (v: number) => string }): string {
  // Drawn at about the size it is shown (a phone column to half a laptop screen), so 14-unit text stays legible.
  const W = 480;
  const H = 240;
  const pad = { l: 6, r: 6, t: 24, b: 42 };
  const vals = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (vals.length === 0) return '';
  const max = Math.max(...vals) * 1.08;
  const bw = (W - pad.l - pad.r) / points.length;
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const hi = Math.max(...vals);
  const lo = Math.min(...vals);
  const bars = points
    .map((p, i) => {
      const x = pad.l + i * bw;
      const last = i === points.length - 1;
      // "Q1 2025" → "Q1" under the bar, the year once under its first quarter shown.
      const [q, year] = p.label.split(' ');
      const cx = (x + bw / 2).toFixed(1);
      const label =
        `<text x="${cx}" y="${H - pad.b + 16}" font-size="13" text-anchor="middle" fill="#5f5f5f">${esc(q)}</text>` +
        (year && (q === 'Q1' || i === 0) ? `<text x="${(x + 2).toFixed(1)}" y="${H - pad.b + 34}" font-size="13" fill="#1d1d1d">${esc(year)}</text>` : '');
      if (p.value === null) return label;
      const top = y(p.value);
      const showValue = last || p.value === hi || p.value === lo;
      return (
        `<rect x="${(x + bw * 0.15).toFixed(1)}" y="${top.toFixed(1)}" width="${(bw * 0.7).toFixed(1)}" height="${(H - pad.b - top).toFixed(1)}" fill="${last ? '#7a1f1d' : '#b9908f'}"><title>${esc(p.label)}: ${esc(opts.format(p.value))}</title></rect>` +
        (showValue ? `<text x="${(x + bw / 2).toFixed(1)}" y="${(top - 6).toFixed(1)}" font-size="14" font-weight="600" text-anchor="middle" fill="#1d1d1d">${esc(opts.format(p.value))}</text>` : '') +
        label
      );
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(opts.title)}"><title>${esc(opts.title)}</title><line x1="${pad.l}" y1="${H - pad.b}" x2="${W - pad.r}" y2="${H - pad.b}" stroke="#999"/>${bars}</svg>`;
}
