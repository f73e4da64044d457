import fs from 'node:fs'
import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'

// Prisma 6 with the bundled WASM schema engine: works offline (docs/decisions/001-prisma-6-offline.md).
// The CLI needs DATABASE_URL even to generate (without it Prisma tries to download an engine).
process.env.DATABASE_URL ??= 'file:./data/app.db'
// A postgresql:// URL selects the generated PostgreSQL schema and the pg adapter (ADR 039).
const postgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL)
// The adapter opens the file relative to the working directory and fails if its folder is missing.
function fileUrl() {
  const url = process.env.DATABASE_URL as string
  fs.mkdirSync(path.dirname(url.replace(/^file:/, '')), { recursive: true })
  return url
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: postgres ? path.join('prisma', 'postgres', 'schema.prisma') : path.join('prisma', 'schema.prisma'),
  async adapter() {
    if (postgres) return new PrismaPg({ connectionString: process.env.DATABASE_URL as string })
    return new PrismaBetterSQLite3({ url: fileUrl() })
  },
})
