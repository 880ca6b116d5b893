// Three tiers (conventions §12): small (beside the code, strict fakes), medium (real database:
// PGlite, or PostgreSQL when DATABASE_URL is set), e2e (the built app in Debian's chromium).
import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    // Vitest's default for a run is one worker fewer than the cores: a single worker on a 2-core
    // CI machine, so the whole suite ran one file at a time. The medium and browser tests spend
    // much of their time waiting on a database, a sandbox or chromium; two workers keep both
    // cores busy (the browser tier still runs its files one after another).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'small',
          include: ['server/src/**/*.test.ts', 'sandbox/src/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
          exclude: ['**/*.medium.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'medium',
          include: ['server/**/*.medium.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['e2e/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
