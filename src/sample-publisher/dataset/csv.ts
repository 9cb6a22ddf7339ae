/**
 * Minimal RFC 4180 CSV reading/writing for the sample dataset files.
 * Our files are small, UTF-8, comma-separated, with a header row; fields with a
 * comma, quote or newline are double-quoted. No dependency needed for that.
 */

/**
 * Parses CSV text into rows of fields (header included). Throws on an unterminated quote.
 *
 * A record whose line holds no quote is split with `String.split` and the rest are read field
 * by field with `slice`, never a character at a time: `run --sample` reads the 550 KB
 * release_figures.csv at every start, and the character-wise loop took ~60 ms of it (issue 13:
 * a run with nothing new). Same reading, quirks included (a quote inside an unquoted field opens
 * a quoted stretch); tests/sample-publisher/csv.test.ts checks it against that loop on generated inputs.
 */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const n = src.length;
  const rows: string[][] = [];
  // Next positions of each special character at or after i (n: none left), moved on only when passed.
  let nextQuote = -1;
  let nextLf = -1;
  let nextCr = -1;
  const find = (ch: string, from: number) => {
    const k = src.indexOf(ch, from);
    return k === -1 ? n : k;
  };
  let i = 0;
  while (i < n) {
    if (nextQuote < i) nextQuote = find('"', i);
    if (nextLf < i) nextLf = find('\n', i);
    if (nextCr < i) nextCr = find('\r', i);
    const lineEnd = Math.min(nextLf, nextCr);
    if (nextQuote > lineEnd) {
      rows.push(src.slice(i, lineEnd).split(','));
      i = lineEnd === nextCr && src.charCodeAt(lineEnd + 1) === LF ? lineEnd + 2 : lineEnd + 1;
      continue;
    }
    const end = readQuotedRecord(src, i, rows);
    i = end;
  }
  return rows;
}

/**
 * Reads one record that holds a quote, from `start` to its line end outside quotes; pushes it
 * and returns where the next record starts. Throws when the text ends inside a quoted field.
 */
function readQuotedRecord(src: string, start: number, rows: string[][]): number {
  const n = src.length;
  const row: string[] = [];
  let field = '';
  let quoted = false;
  let i = start;
  while (i < n) {
    if (quoted) {
      const q = src.indexOf('"', i);
      if (q === -1) throw new SyntaxError('CSV ends inside a quoted field');
      field += src.slice(i, q);
      if (src.charCodeAt(q + 1) === QUOTE) {
        field += '"';
        i = q + 2;
      } else {
        quoted = false;
        i = q + 1;
      }
      continue;
    }
    let j = i;
    while (j < n) {
      const c = src.charCodeAt(j);
      if (c === QUOTE || c === COMMA || c === LF || c === CR) break;
      j++;
    }
    field += src.slice(i, j);
    if (j === n) break;
    const c = src.charCodeAt(j);
    if (c === QUOTE) quoted = true;
    else if (c === COMMA) {
      row.push(field);
      field = '';
    } else {
      row.push(field);
      rows.push(row);
      return c === CR && src.charCodeAt(j + 1) === LF ? j + 2 : j + 1;
    }
    i = j + 1;
  }
  if (quoted) throw new SyntaxError('CSV ends inside a quoted field');
  // As a last line with nothing in it: no record (an empty `""` at the very end included).
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return n;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Parses CSV text into objects keyed by the header row. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...body] = parseCsv(text);
  if (!header) return [];
  const records: Record<string, string>[] = [];
  // A header named __proto__ would set the prototype by assignment: such a file takes the slow path.
  const assignable = !header.includes('__proto__');
  for (const r of body) {
    if (r.length <= 1 && (r[0] ?? '') === '') continue;
    if (!assignable) {
      records.push(Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])));
      continue;
    }
    // Filled in header order, so every record shares one object shape (Object.fromEntries over
    // pairs cost ~20 ms of release_figures.csv's reading).
    const record: Record<string, string> = {};
    for (let j = 0; j < header.length; j++) record[header[j]!] = r[j] ?? '';
    records.push(record);
  }
  return records;
}

function quoteField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Serialises rows (first = header) with `\n` line ends and a final newline. */
export function formatCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean)[])[]): string {
  const lines = [header.map(quoteField).join(',')];
  for (const r of rows) lines.push(r.map((v) => quoteField(String(v))).join(','));
  return lines.join('\n') + '\n';
}
