import { describe, expect, it } from 'vitest';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import { periodCode } from '../../src/domain/period.ts';
import { validateRelease, type PreviousVintage } from '../../src/transform/validate/index.ts';
import { sampleArchive, setValue } from '../db/fixtures.ts';

/**
 * The committed sample archive (data/sample) is what a perfect extractor returns for
 * the sample PDFs: every release must pass every rule, judged against the vintage
 * before it, and a single corrupted cell in it must not.
 */
describe('validateRelease on the sample archive', () => {
  const archive = sampleArchive();

  it('has the 30 releases 2018Q1 … 2025Q2, each valid against its previous vintage', () => {
    expect(archive.map((a) => a.id)).toEqual(
      Array.from({ length: 30 }, (_, i) => `er-${2018 + Math.floor(i / 4)}Q${(i % 4) + 1}`),
    );
    let previous: PreviousVintage | undefined;
    archive.forEach(({ id, release }, i) => {
      const findings = validateRelease(release, { registry: EMILIA_ROMAGNA, previous });
      expect({ id, findings }).toEqual({ id, findings: [] });
      previous = { releaseId: i + 1, figures: release.figures.map((f) => ({ entity: f.entity, period: periodCode(f.period), metric: f.metric, value: f.value })) };
    });
  });

  it('catches one misread cell in a real release', () => {
    const { release } = archive.find((a) => a.id === 'er-2024Q1')!;
    const f = release.figures.find((x) => x.entity === 'Biomedicale di Mirandola' && x.metric === 'yoy_pct')!;
    const bad = setValue(release, f.entity, periodCode(f.period), 'yoy_pct', f.value + 1);
    expect(validateRelease(bad, { registry: EMILIA_ROMAGNA }).map((x) => `${x.rule}:${x.count}`)).toEqual(['yoy-vs-levels:1']);
  });
});
