// Runs in each test file's worker before the file is imported: a fresh copy of the seeded database.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll } from 'vitest'
import { TMP_DIR } from './paths'
import { onPostgres, pgUrlFor, quoteIdent, withPgAdmin } from './test-db'

const file = path.join(TMP_DIR, `test-${process.pid}-${Math.random().toString(36).slice(2)}.db`)
const pgName = `pg_t_${process.pid}_${Math.random().toString(36).slice(2)}`
if (onPostgres) {
  // global-setup.ts names the seeded template database; a copy of it is this file's own database (ADR 041).
  const template = process.env.TEMPLATE_PG_DB as string
  await withPgAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(pgName)} TEMPLATE ${quoteIdent(template)}`))
  process.env.DATABASE_URL = pgUrlFor(pgName)
} else {
  // global-setup.ts exports TEMPLATE_DB through the environment that the test workers inherit.
  fs.copyFileSync(process.env.TEMPLATE_DB as string, file)
  process.env.DATABASE_URL = `file:${file}`
}
process.env.DISABLE_WORKER = 'true'
// Every query plan filled from a kept shape is compared with one compiled afresh; a difference throws (ADR 082).
process.env.PLAN_CHECK = '1'
// Documents render in the test's own thread; render-pool.test.ts and the e2e server cover the threads.
process.env.RENDER_THREADS = '0'
process.env.NODE_ENV = 'test'
// No PDF copies unless a test file looks at them (ADR 036): those set PDF_CONVERSION = 'on' and use real LibreOffice.
process.env.PDF_CONVERSION ??= 'off'

afterAll(async () => {
  const g = globalThis as { __db?: { $disconnect: () => Promise<void> } }
  await g.__db?.$disconnect()
  if (onPostgres) await withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(pgName)} WITH (FORCE)`))
  else for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
})
