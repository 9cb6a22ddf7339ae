/** RFC 4180 field quoting: only when needed, doubling inner quotes. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? formatPlainNumber(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: readonly unknown[]): string {
  return fields.map(csvField).join(',');
}

/** A plain decimal with a dot and no exponent or float noise: 1234.5, -3.9, 131. */
export function formatPlainNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  // Figures carry at most a few decimals; rounding to 6 removes binary noise (0.1+0.2).
  const r = Math.round(n * 1e6) / 1e6;
  return Object.is(r, -0) ? '0' : String(r);
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return [csvLine(header), ...rows.map(csvLine)].join('\n') + '\n';
}
