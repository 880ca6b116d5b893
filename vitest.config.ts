// Three tiers (conventions §12): small (beside the code, strict fakes), medium (real database:
// PGlite, or PostgreSQL when DATABASE_URL is set), e2e (the built app in Debian's chromium).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
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
