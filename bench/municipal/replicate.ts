// Copies of one school inside a PostgreSQL database (bench/municipal): every row of the school, made again by
// `INSERT … SELECT` on the server (no row travels through Node), its keys prefixed with `s<k>_` so that the copy is a
// school of its own. The registration log is the exception: its rows are hashed in a chain (ADR 004), so each copy's
// chain is computed again here and inserted in batches, and its head points at the copy's last row.
import type pg from 'pg'
import { LEDGERS, q } from '#app/backup/to-postgres-check.server'
import { ANCHOR_KEY, type Anchor } from '#app/models/registration-log-check.server'
import { hashRow, GENESIS_HASH, verifyChain, type ChainCheck } from '#workflows/registration-log'

/** Rows of the whole installation, not of a school (as app/backup/to-postgres.server.ts treats them): never copied. */
export const INSTALLATION_TABLES = new Set(['CalendarYear', 'TaskLease', 'ThrottleCounter'])
export const TEMPLATE_SCHEMA = 'bench_tpl'

export type Shape = { table: string; columns: { name: string; type: string }[]; keys: Set<string> }

/**
 * Which text columns of a table name a row (and so get the copy's prefix): the primary key and every single-column
 * unique key, every foreign key, and by name every `id`, `…Id` column (ids kept without a declared relation, such
 * as the outbox's `schoolId`). Values inside JSON columns stay as they are. Every composite unique key must contain
 * one of them, or two copies would collide on it: such a table is refused.
 */
export function keyColumns(
  columns: { name: string; type: string }[],
  singleUnique: Set<string>,
  foreign: Set<string>,
  compositeUnique: string[][],
  table: string,
): Set<string> {
  const text = new Set(columns.filter((c) => c.type === 'text').map((c) => c.name))
  const keys = new Set([...text].filter((c) => c === 'id' || c.endsWith('Id') || singleUnique.has(c) || foreign.has(c)))
  for (const unique of compositeUnique)
    if (!unique.some((c) => keys.has(c))) throw new Error(`${table}: составной уникальный ключ (${unique.join(', ')}) не различит копии`)
  return keys
}

/** The value in copy `k` (a column of the query): NULL and '' (no assignee, no school) stay as they are. */
export const prefixed = (column: string) =>
  `CASE WHEN ${q(column)} IS NULL OR ${q(column)} = '' THEN ${q(column)} ELSE 's' || k || '_' || ${q(column)} END`

export async function schoolShapes(client: pg.Client): Promise<Shape[]> {
  const cols = await client.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  )
  const idx = await client.query<{ table: string; columns: string[] }>(
    `SELECT c.relname AS table, array_agg(a.attname ORDER BY k.ord)::text[] AS columns
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND i.indisunique GROUP BY c.relname, i.indexrelid`,
  )
  const fks = await client.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN LATERAL unnest(k.conkey) AS u(attnum) JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum
      WHERE k.contype = 'f' AND n.nspname = 'public'`,
  )
  const byTable = new Map<string, { name: string; type: string }[]>()
  for (const r of cols.rows) {
    if (LEDGERS.has(r.table_name) || INSTALLATION_TABLES.has(r.table_name)) continue
    if (!byTable.has(r.table_name)) byTable.set(r.table_name, [])
    byTable.get(r.table_name)!.push({ name: r.column_name, type: r.data_type })
  }
  return [...byTable].map(([table, columns]) => {
    const uniques = idx.rows.filter((r) => r.table === table).map((r) => r.columns)
    const single = new Set(uniques.filter((u) => u.length === 1).map((u) => u[0]))
    const foreign = new Set(fks.rows.filter((r) => r.table === table).map((r) => r.column))
    const composite = uniques.filter((u) => u.length > 1)
    return { table, columns, keys: keyColumns(columns, single, foreign, composite, table) }
  })
}

/** Keeps the school as it is now in schema bench_tpl: the source of every copy. */
export async function snapshotTemplate(client: pg.Client, shapes: Shape[]): Promise<void> {
  await client.query(`DROP SCHEMA IF EXISTS ${TEMPLATE_SCHEMA} CASCADE; CREATE SCHEMA ${TEMPLATE_SCHEMA}`)
  for (const s of shapes) {
    const where = s.table === 'Setting' ? ` WHERE "schoolId" <> ''` : ''
    await client.query(`CREATE TABLE ${TEMPLATE_SCHEMA}.${q(s.table)} AS SELECT * FROM ${q(s.table)}${where}`)
  }
}

type LogRow = {
  id: string
  sequence: number
  year: number
  number: number
  applicationId: string
  receivedAt: Date
  registeredAt: Date
  channel: string
  applicantName: string
  pupilName: string
  className: string
  kinds: string
  result: string | null
  resultAt: Date | null
  correctsSequence: number | null
  schoolId: string
  createdAt: Date
}

/** Inserts rows in multi-row INSERTs (≤ 500 rows a statement). */
export async function insertRows(client: pg.Client, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return
  const cols = Object.keys(rows[0])
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500)
    const values: unknown[] = []
    const tuples = part.map((r) => `(${cols.map((c) => `$${values.push(r[c])}`).join(', ')})`)
    await client.query(`INSERT INTO ${q(table)} (${cols.map(q).join(', ')}) VALUES ${tuples.join(', ')}`, values)
  }
}

/** Copies number `from`…`to` of the template school: one transaction, foreign keys and triggers off while it runs. */
export async function copySchools(
  client: pg.Client,
  shapes: Shape[],
  from: number,
  to: number,
  log: LogRow[],
  templateAnchor: Anchor | null,
): Promise<void> {
  await client.query('BEGIN')
  try {
    // Replica mode skips the foreign-key checks and the Application triggers: the rows are the template's, whose
    // keys were checked, and ApplicationTally is copied with the rest instead of counted again row by row.
    await client.query(`SET LOCAL session_replication_role = replica`)
    for (const s of shapes) {
      if (s.table === 'RegistrationLogEntry') continue
      const cols = s.columns.map((c) => (s.keys.has(c.name) ? prefixed(c.name) : q(c.name)))
      await client.query(
        `INSERT INTO ${q(s.table)} (${s.columns.map((c) => q(c.name)).join(', ')})
         SELECT ${cols.join(', ')} FROM ${TEMPLATE_SCHEMA}.${q(s.table)} CROSS JOIN generate_series($1::int, $2::int) AS g(k)`,
        [from, to],
      )
    }
    for (let k = from; k <= to; k++) {
      const prefix = `s${k}_`
      let prevHash = GENESIS_HASH
      const rows = log.map((r) => {
        const content = { ...r, id: prefix + r.id, applicationId: prefix + r.applicationId, kinds: JSON.parse(r.kinds) as string[] }
        const hash = hashRow(content, prevHash)
        const row = { ...r, id: content.id, applicationId: content.applicationId, schoolId: prefix + r.schoolId, prevHash, hash }
        prevHash = hash
        return row
      })
      await insertRows(client, 'RegistrationLogEntry', rows)
      // The daily check's anchor (the hash of a row it found clean) names the copy's own row at that sequence.
      await client.query(`UPDATE "Setting" SET "value" = $3 WHERE "schoolId" = $1 AND "key" = $2`, [
        prefix + (log[0]?.schoolId ?? ''),
        ANCHOR_KEY,
        anchorValue(rows, templateAnchor),
      ])
    }
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  }
}

export async function templateLog(client: pg.Client): Promise<LogRow[]> {
  const { rows } = await client.query<LogRow>(
    `SELECT "id", "sequence", "year", "number", "applicationId", "receivedAt", "registeredAt", "channel", "applicantName", "pupilName",
            "className", "kinds", "result", "resultAt", "correctsSequence", "schoolId", "createdAt"
       FROM ${TEMPLATE_SCHEMA}."RegistrationLogEntry" ORDER BY "sequence"`,
  )
  return rows
}

const anchorValue = (rows: { sequence: number; hash: string }[], anchor: Anchor | null) => {
  const row = anchor ? rows.find((r) => r.sequence === anchor.sequence) : undefined
  return row ? JSON.stringify({ sequence: row.sequence, hash: row.hash }) : ''
}

/** The template's anchor of the daily log check, if it has one. */
export async function templateAnchor(client: pg.Client): Promise<Anchor | null> {
  const { rows } = await client.query<{ value: string }>(`SELECT "value" FROM ${TEMPLATE_SCHEMA}."Setting" WHERE "key" = $1`, [ANCHOR_KEY])
  return rows[0] ? (JSON.parse(rows[0].value) as Anchor) : null
}

/** A school's registration log verified by the product's own chain check, against its anchor when it has one. */
export async function verifySchoolLog(client: pg.Client, schoolId: string): Promise<ChainCheck> {
  const { rows } = await client.query<LogRow & { prevHash: string; hash: string }>(
    `SELECT * FROM "RegistrationLogEntry" WHERE "schoolId" = $1 ORDER BY "sequence"`,
    [schoolId],
  )
  const anchor = await client.query<{ value: string }>(`SELECT "value" FROM "Setting" WHERE "schoolId" = $1 AND "key" = $2`, [
    schoolId,
    ANCHOR_KEY,
  ])
  const parsed = anchor.rows[0] ? (JSON.parse(anchor.rows[0].value) as Anchor) : null
  return verifyChain(
    rows.map((r) => ({ ...r, kinds: JSON.parse(r.kinds) as string[] })),
    parsed ? { anchor: parsed } : {},
  )
}
