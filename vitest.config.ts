import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/safety/**/*.test.ts', 'tests/torture/**/*.test.ts'],
    // Integration tests open real serial ptys and SQLite files and spawn real host processes.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
