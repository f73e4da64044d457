// `npm run db:migrate`: brings the database DATABASE_URL names up to date. SQLite: `prisma migrate deploy`
// (prisma/migrations). PostgreSQL: the app's migrator with its ledger table "_app_migrations"
// (prisma/postgres/migrations, ADR 040).
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { migratePostgres } from '../../app/utils/pg-migrate.server'

const ROOT = path.resolve(__dirname, '..', '..')
const url = process.env.DATABASE_URL ?? 'file:./data/app.db'

/** Applies the migrations of the database `databaseUrl` names; throws with the tool's output when one fails. */
export async function migrateDatabase(databaseUrl: string, log: (line: string) => void = () => {}): Promise<void> {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    await migratePostgres(databaseUrl, { log })
    return
  }
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`${r.stdout}\n${r.stderr}`)
}

if (require.main === module) {
  migrateDatabase(url, console.log).then(
    () => console.log('Миграции применены.'),
    (error) => {
      console.error(`Применение миграций завершилось с ошибкой:\n${error instanceof Error ? error.message : String(error)}`)
      process.exit(1)
    },
  )
}
