import { defineConfig } from 'vitest/config'

// Two projects: "unit" (unit and integration tests, on PGlite and on PostgreSQL when
// TEST_DATABASE_URL is set) and "e2e" (browser journeys against a real server process).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.{ts,tsx}', 'test/integration/**/*.test.ts'], globalSetup: ['test/global-setup.ts'] },
      },
      // Browser journeys run one after another once the unit project is done (fileParallelism off).
      // On a loaded machine one can take several times its quiet duration: 90 s each, not 30 s.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], fileParallelism: false, testTimeout: 90_000 } },
    ],
  },
})
