import { FONT } from '../fonts.ts';
import type { MinusSign } from '../format.ts';
import { COLOR } from './geometry.ts';
import { putCentered, putRight, putText, type TextStyle } from './text.ts';

type Doc = PDFKit.PDFDocument;

export interface Bar {
  readonly label: string;
  readonly value: number;
}

const LABEL: TextStyle = { font: FONT.cond, size: 6.6, color: COLOR.text };
const TICK: TextStyle = { font: FONT.cond, size: 6.3, color: COLOR.grey };
const BAR_H = 10.5;

/** Tick text without decimals: "+20", "−10", "0" (the chart shows no per-bar values). */
function tickLabel(v: number, minus: MinusSign): string {
  return v === 0 ? '0' : `${v > 0 ? '+' : minus}${Math.abs(v)}`;
}

/** A step giving four or five ticks each side of zero at most. */
function niceMax(values: readonly number[]): { max: number; step: number } {
  const m = Math.max(5, ...values.map((v) => Math.abs(v)));
  const step = m <= 10 ? 5 : m <= 20 ? 10 : m <= 50 ? 25 : m <= 100 ? 50 : 100;
  return { max: Math.ceil(m / step) * step, step };
}

/**
 * Horizontal bar chart of % changes, sorted, with a caption; returns the y below it.
 * Numbers are only on the axis so the chart does not add figures a parser could confuse with
 * table cells.
 */
export function drawBarChart(
  doc: Doc,
  caption: string,
  bars: readonly Bar[],
  box: { readonly x: number; readonly y: number; readonly width: number; readonly labelWidth: number },
  minus: MinusSign,
): number {
  const { x, y, width } = box;
  putText(doc, caption, x, y, { font: FONT.sansBold, size: 8.5, color: COLOR.brand });
  const top = y + 16;
  const labelW = box.labelWidth;
  const plotL = x + labelW + 6;
  const plotR = x + width - 10;
  const { max, step } = niceMax(bars.map((b) => b.value));
  const sx = (v: number): number => plotL + ((v + max) / (2 * max)) * (plotR - plotL);
  const sorted = [...bars].sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
  const bottom = top + sorted.length * BAR_H;
  doc.save();
  for (let v = -max; v <= max; v += step) {
    doc.moveTo(sx(v), top - 2).lineTo(sx(v), bottom + 2).lineWidth(v === 0 ? 0.8 : 0.3).strokeColor(v === 0 ? '#555555' : '#D5DBD9').stroke();
  }
  doc.restore();
  sorted.forEach((b, i) => {
    const by = top + i * BAR_H;
    putRight(doc, b.label, x + labelW, by + 1.5, LABEL);
    const x0 = sx(Math.min(0, b.value));
    const x1 = sx(Math.max(0, b.value));
    doc.save().rect(x0, by + 2, Math.max(x1 - x0, 0.5), BAR_H - 4).fill(b.value >= 0 ? COLOR.brand : COLOR.accent).restore();
  });
  for (let v = -max; v <= max; v += step) putCentered(doc, tickLabel(v, minus), sx(v) - 15, sx(v) + 15, bottom + 5, TICK);
  return bottom + 18;
}
