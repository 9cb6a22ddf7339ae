import { describe, expect, it } from 'vitest';
import { buildProgram, COMMANDS } from '../../src/cli/program.ts';
import { createCliContext } from '../../src/cli/context.ts';

/** `--help` lists commands from the manifest without importing them: each entry must load what it names. */
describe('the CLI command manifest', () => {
  const ctx = createCliContext({ LOG_LEVEL: 'silent' });

  it.each(COMMANDS.map((e) => [e.name, e] as const))('%s: its module registers a command of that name, with a summary', async (name, entry) => {
    expect(entry.summary.trim().length).toBeGreaterThan(10);
    const program = await buildProgram(ctx, [entry]);
    expect(program.commands.map((c) => c.name())).toContain(name);
  });

  it('names every command once', () => {
    const names = COMMANDS.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
