import { describe, expect, it } from 'vitest';
import { buildCalendar, dataCutoff, departmentAt, istatReleaseOf, loadSampleCatalog, noteNumber } from '../../src/sample-publisher/dataset/index.ts';

const releases = loadSampleCatalog().releases();

describe('sample dataset: release calendar', () => {
  it('30 releases er-2018Q1 … er-2025Q2, oldest first, as the committed releases.csv says', () => {
    expect(releases).toHaveLength(30);
    expect(releases[0]!.id).toBe('er-2018Q1');
    expect(releases.at(-1)!.id).toBe('er-2025Q2');
    expect(releases).toEqual(buildCalendar());
    const dates = releases.map((r) => r.publishedOn);
    expect([...dates].sort()).toEqual(dates);
  });

  it('publication windows: Q1 → Jun–Aug, Q2 → Oct–Nov, Q3 → Jan–Feb next year, Q4 → Apr–Jul next year', () => {
    const windows: Record<number, { months: number[]; nextYear: boolean }> = {
      1: { months: [6, 7, 8], nextYear: false },
      2: { months: [10, 11], nextYear: false },
      3: { months: [1, 2], nextYear: true },
      4: { months: [4, 5, 6, 7], nextYear: true },
    };
    for (const r of releases) {
      const w = windows[r.refQuarter]!;
      expect(w.months, r.id).toContain(r.coverMonth);
      expect(r.coverYear, r.id).toBe(r.refYear + (w.nextYear ? 1 : 0));
      expect(r.publishedOn.slice(0, 7), r.id).toBe(`${r.coverYear}-${String(r.coverMonth).padStart(2, '0')}`);
      const dow = new Date(`${r.publishedOn}T00:00:00Z`).getUTCDay();
      expect([0, 6], `${r.id} published on a week-end`).not.toContain(dow);
    }
    // The Q4 2022 note came in July 2023.
    expect(releases.find((r) => r.id === 'er-2022Q4')).toMatchObject({ coverYear: 2023, coverMonth: 7 });
  });

  it('note numbers fit the verified ones (n. 49 = October 2020 … n. 54 = January 2022)', () => {
    const at = (id: string) => releases.find((r) => r.id === id)!;
    expect(at('er-2020Q2')).toMatchObject({ noteNumber: 'n. 49', coverYear: 2020, coverMonth: 10 });
    expect(at('er-2020Q3')).toMatchObject({ noteNumber: 'n. 50', coverYear: 2021, coverMonth: 1 });
    expect(at('er-2021Q1')).toMatchObject({ noteNumber: 'n. 52', coverYear: 2021, coverMonth: 6 });
    expect(at('er-2021Q3')).toMatchObject({ noteNumber: 'n. 54', coverYear: 2022, coverMonth: 1 });
    expect(at('er-2018Q1').noteNumber).toBe('n. 40');
    expect(at('er-2025Q2').noteNumber).toBe('n. 69');
    expect(noteNumber(2025, 1)).toBe('n. 68');
  });

  it('"dati aggiornati al": the last ISTAT release before publication, never before the one carrying the quarter', () => {
    expect(dataCutoff('2020-10-20')).toBe('2020-09-10'); // n. 49: "aggiornati al 10.09.2020"
    expect(dataCutoff('2023-07-06')).toBe('2023-06-09'); // the late Q4 2022 note: 10.06.2023 was a Saturday
    expect(dataCutoff('2020-05-26')).toBe('2020-03-16'); // 15.03.2020 was a Sunday
    expect(istatReleaseOf(2022, 2)).toBe('2022-09-09');
    for (const r of releases) {
      expect(r.dataCutoff < r.publishedOn, r.id).toBe(true);
      expect(r.dataCutoff >= istatReleaseOf(r.refYear, r.refQuarter), r.id).toBe(true);
      expect([0, 6]).not.toContain(new Date(`${r.dataCutoff}T00:00:00Z`).getUTCDay());
    }
  });

  it('department renamed from mid-2024; title, file name with spaces, layout by period; the author is a marked placeholder', () => {
    expect(departmentAt('2024-05-14')).toBe('Direzione Studi e Ricerche');
    expect(departmentAt('2024-08-13')).toBe('Research Department');
    expect(releases.filter((r) => r.department === 'Research Department').map((r) => r.id)[0]).toBe('er-2024Q1');
    const months = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'];
    const names = new Set<string>();
    for (const r of releases) {
      expect(r.title).toBe("Monitor dei Distretti dell'Emilia-Romagna");
      expect(r.fileName).toBe(`Monitor dei Distretti Emilia-Romagna ${months[r.coverMonth - 1]} ${r.coverYear}.pdf`);
      names.add(r.fileName);
      expect(r.layout).toBe(r.refYear <= 2019 ? 'classic' : r.refYear <= 2022 ? 'pandemic' : 'modern');
      expect(r.author).toMatch(/fittizio/);
      expect(r.region).toBe('emilia-romagna');
    }
    expect(names.size).toBe(30);
  });
});
