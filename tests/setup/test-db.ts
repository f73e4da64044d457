// Which database the vitest run uses: SQLite files by default, PostgreSQL with TEST_DB=postgres (ADR 041).
// PG_URL names the PostgreSQL server (any database on it the role may connect to; the role must be allowed to
// create databases). Each run makes a template database, and each test file its own copy of it (CREATE DATABASE …
// TEMPLATE …), dropped afterwards; all their names start with pg_t.
import pg from 'pg'

export const TEST_DB: 'sqlite' | 'postgres' = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite'
export const onPostgres = TEST_DB === 'postgres'
export const PG_URL = process.env.PG_URL ?? 'postgresql://ci:ci@127.0.0.1:5432/postgres'

/** The same server and credentials, another database. */
export function pgUrlFor(database: string, base = PG_URL): string {
  const url = new URL(base)
  url.pathname = `/${database}`
  return url.toString()
}

export async function withPgAdmin<T>(run: (client: pg.Client) => Promise<T>, base = PG_URL): Promise<T> {
  const client = new pg.Client({ connectionString: base })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** Whether a PostgreSQL server answers at PG_URL (used to skip PostgreSQL-only tests on a machine without one). */
export async function pgReachable(base = PG_URL): Promise<boolean> {
  try {
    await withPgAdmin(async (c) => c.query('SELECT 1'), base)
    return true
  } catch {
    return false
  }
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`

/**
 * TEST_DB=postgres: a new database copied from the run's seeded template, for a test that starts the product in
 * another process (as the SQLite tests copy their file). Returns its URL; dropTestDatabase removes it.
 */
export async function copyOfTemplate(label: string): Promise<string> {
  const name = `pg_t_${process.pid}_${label}_${Math.random().toString(36).slice(2, 8)}`
  await withPgAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(process.env.TEMPLATE_PG_DB as string)}`))
  return pgUrlFor(name)
}

export async function dropTestDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1))
  await withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`))
}
