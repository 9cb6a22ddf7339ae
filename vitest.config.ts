import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Database and Redis tests open real connections; PDF rendering is CPU-bound.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only fight over them.
    maxWorkers: 2,
    server: { deps: { inline: ['kysely'] } },
  },
});
