import fs from 'node:fs'
import { configDefaults, defineConfig } from 'vitest/config'

// TEST_DB=postgres runs every file on PostgreSQL except those listed, each with its reason, in
// tests/postgres-excluded.txt (ADR 041): the list is meant to shrink to nothing, never to hide a failure.
const postgresExcluded =
  process.env.TEST_DB === 'postgres'
    ? fs
        .readFileSync('tests/postgres-excluded.txt', 'utf8')
        .split('\n')
        .map((l) => l.replace(/#.*/, '').trim())
        .filter(Boolean)
    : []

export default defineConfig({
  test: {
    include: [
      'app/**/*.test.{ts,tsx}',
      'workflows/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'prisma/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    exclude: [...configDefaults.exclude, ...postgresExcluded],
    globalSetup: ['./tests/setup/global-setup.ts'],
    setupFiles: ['./tests/setup/setup-db.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
