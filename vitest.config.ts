import { defineConfig } from 'vitest/config'

// Two projects: "unit" (unit and integration tests, on PGlite and on PostgreSQL when
// TEST_DATABASE_URL is set) and "e2e" (browser journeys against real server processes). Both start
// from the seeded embedded database built once per key (test/setup/seeded-data.ts).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // A worker keeps its imported modules from one file to the next (the app, the map, the
          // catalogs load once per worker, not once per file): isolation between suites comes from
          // each suite's own database and app, and no test mocks modules or stubs globals.
          isolate: false,
          setupFiles: ['test/setup/per-file.ts'],
          include: ['src/**/*.test.{ts,tsx}', 'test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/pglite-template.ts', 'test/setup/postgres-template.ts'],
        },
      },
      // `npm test` runs this project in its own Vitest process beside the unit one. Journeys mostly
      // wait (for a server, a browser, a scheduled time), so two run side by side (each has its own
      // server, port and data directory): their waits overlap instead of adding up. On a loaded
      // machine one can take several times its quiet duration: 90 s each.
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/setup/pglite-template.ts'],
          testTimeout: 90_000,
        },
      },
    ],
  },
})
