// Writes prisma/postgres/schema.prisma from prisma/schema.prisma, the one schema a person edits (ADR 039).
// The models are copied as they are (the schema is kept portable); only the datasource provider and the client's
// output folder change. With --generate it also runs `prisma generate` for the PostgreSQL client
// (app/generated/prisma-pg), as `postinstall` does. Offline: nothing is downloaded.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..', '..')
export const SQLITE_SCHEMA = path.join(ROOT, 'prisma', 'schema.prisma')
export const PG_SCHEMA = path.join(ROOT, 'prisma', 'postgres', 'schema.prisma')

const HEADER = `// GENERATED from prisma/schema.prisma by scripts/db/gen-pg-schema.ts — do not edit, edit prisma/schema.prisma.
// The PostgreSQL twin of the schema: same models, provider postgresql, client in app/generated/prisma-pg (ADR 039).

`

/** The PostgreSQL schema text for a SQLite schema text. Throws on anything that would not mean the same. */
export function toPostgres(source: string): string {
  const replace = (text: string, from: RegExp, to: string, what: string) => {
    if (!from.test(text)) throw new Error(`gen-pg-schema: не найдено ${what} в prisma/schema.prisma`)
    return text.replace(from, to)
  }
  let out = replace(source, /(datasource\s+db\s*\{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"', 'provider = "sqlite"')
  out = replace(
    out,
    /(generator\s+client\s*\{[^}]*output\s*=\s*)"\.\.\/app\/generated\/prisma"/,
    '$1"../../app/generated/prisma-pg"',
    'output клиента',
  )
  // A provider-specific native type (@db.X) would mean a different column on the other database: keep the schema portable.
  const native = /@db\.\w+/.exec(out.replace(/\/\/.*$/gm, ''))
  if (native) throw new Error(`gen-pg-schema: ${native[0]} — в общей схеме нельзя указывать тип конкретной СУБД`)
  return HEADER + out
}

export function writePgSchema(): boolean {
  const next = toPostgres(fs.readFileSync(SQLITE_SCHEMA, 'utf8'))
  const prev = fs.existsSync(PG_SCHEMA) ? fs.readFileSync(PG_SCHEMA, 'utf8') : ''
  if (prev === next) return false
  fs.mkdirSync(path.dirname(PG_SCHEMA), { recursive: true })
  fs.writeFileSync(PG_SCHEMA, next)
  return true
}

if (require.main === module) {
  writePgSchema()
  if (process.argv.includes('--generate')) {
    const bin = path.join(ROOT, 'node_modules', '.bin', 'prisma')
    // A postgresql:// URL makes prisma.config.ts pick the PostgreSQL side; generate never connects to it.
    const url = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL : 'postgresql://localhost:5432/unused'
    const env = { ...process.env, DATABASE_URL: url }
    const r = spawnSync(bin, ['generate', '--schema', PG_SCHEMA], { cwd: ROOT, env, stdio: 'inherit' })
    process.exit(r.status ?? 1)
  }
}
