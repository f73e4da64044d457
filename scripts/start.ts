// `npm start`: checks → migrations → the demo school if empty (demo only) → build if stale → serve; «Откройте …»
// is printed once the server listens (ADR 025).
//
// Every check that can fail for a reason the school can fix runs before the migrations and says what to do in
// Russian: the variables, the SQLite driver and the Prisma client, the data folder, the database file, the port.
// Outside the demo (NODE_ENV=production without DEMO=1) no demo account is ever made: an empty database stops
// start-up with the command that creates the school's first administrator.
//
// Signals: the server (server.js → server-lifecycle.js) owns the clean stop. A signal to the whole process group
// reaches it directly; a signal to this process alone is forwarded once. Either way this process waits for the
// server and exits with its code.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { EnvError, parseEnv, type Env } from '../app/utils/env.server'
import {
  dataDirProblem,
  databasePath,
  databaseProblem,
  driverProblems,
  portProblem,
  sqliteDamageProblem,
} from '../app/utils/startup-checks.server'

const root = path.resolve(__dirname, '..')
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name)

function fail(message: string): never {
  console.error(`\nЗапуск невозможен. ${message}\n`)
  process.exit(1)
}

/** `explain`: asked after a failure for a plainer reason than the tool's own output (null: show that output). */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, what: string, explain: () => string | null = () => null) {
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
  if (result.status !== 0) fail(explain() ?? `${what} завершилось с ошибкой:\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full))
    else newest = Math.max(newest, fs.statSync(full).mtimeMs)
  }
  return newest
}

function buildIsStale(): boolean {
  const out = path.join(root, 'build', 'index.js')
  if (!fs.existsSync(out)) return true
  const built = fs.statSync(out).mtimeMs
  const sources = Math.max(
    newestMtime(path.join(root, 'app')),
    newestMtime(path.join(root, 'workflows')),
    fs.statSync(path.join(root, 'package.json')).mtimeMs,
  )
  return sources > built
}

/** Everything that can be checked before touching the database; each problem one Russian paragraph. */
async function preflight(env: Env): Promise<void> {
  const problems = driverProblems(root)
  const dataDir = dataDirProblem(env.DATA_DIR, { demo: env.demo })
  if (dataDir) problems.push(dataDir)
  const database = databaseProblem(env.DATABASE_URL, { demo: env.demo })
  if (database) problems.push(database)
  const port = await portProblem(env.PORT)
  if (port) problems.push(port)
  if (problems.length) fail(problems.join('\n\n'))
}

async function main() {
  let env: Env
  try {
    env = parseEnv()
  } catch (error) {
    if (error instanceof EnvError) fail(error.message)
    throw error
  }
  await preflight(env)
  // The server reads the same decisions: DEMO is passed explicitly, since NODE_ENV=production is always passed on
  // to it (Remix's production mode serves the demo too).
  const childEnv = {
    ...process.env,
    DATABASE_URL: env.DATABASE_URL,
    PORT: String(env.PORT),
    NODE_ENV: env.NODE_ENV,
    DEMO: env.demo ? '1' : '0',
  }
  console.log(`${env.demo ? 'Демонстрационный режим' : 'Рабочий режим'}. База данных: ${env.DATABASE_URL}`)
  if (/^postgres(ql)?:\/\//i.test(env.DATABASE_URL)) {
    // PostgreSQL: the app's migrator with its ledger (ADR 040); an advisory lock lets two instances start at once.
    const { migrateDatabase } = await import('./db/migrate')
    await migrateDatabase(env.DATABASE_URL).catch((error) =>
      fail(`Применение миграций завершилось с ошибкой:\n${(error as Error).message}`),
    )
  } else {
    // A migration cut short last time is undone from the copy made before it; a copy is made before these.
    const { guardSqliteMigrations, migrationsDone } = await import('./db/sqlite-migration-guard')
    const dbFile = databasePath(env.DATABASE_URL)
    await guardSqliteMigrations(dbFile, path.join(root, 'prisma', 'migrations')).catch((error) =>
      fail(sqliteDamageProblem(dbFile) ?? (error as Error).message),
    )
    run(bin('prisma'), ['migrate', 'deploy'], childEnv, 'Применение миграций', () => sqliteDamageProblem(dbFile))
    migrationsDone(dbFile)
  }
  console.log('Миграции применены.')

  // Imported only after DATABASE_URL is final: the client connects on import.
  process.env.DATABASE_URL = env.DATABASE_URL
  const { connectDb } = await import('../app/utils/db.server')
  const { seedIfEmpty, demoLogins, localToday } = await import('../prisma/seed/seed.server')
  const db = connectDb(env.DATABASE_URL)
  let logins: Awaited<ReturnType<typeof demoLogins>> = []
  if (env.demo) {
    const started = Date.now()
    const { seeded } = await seedIfEmpty(db, localToday())
    if (seeded) console.log(`Создана демо-школа за ${((Date.now() - started) / 1000).toFixed(1)} с.`)
    logins = await demoLogins(db)
  } else {
    if ((await db.school.count()) === 0) {
      fail(
        'В базе данных ещё нет школы. Создайте её и первого администратора: npm run create-admin -- --name "Фамилия Имя Отчество" ' +
          '--school "Полное наименование" --director "…" --address "…" --phone "…" --email "…" (README, «Первый запуск»).',
      )
    }
    if ((await demoLogins(db)).length > 0) {
      fail(
        'В базе данных — демо-школа с известными всем паролями. В рабочем режиме (NODE_ENV=production) она не ' +
          'запускается: для показа запустите с DEMO=1, для работы школы — с новой базой (README, «Первый запуск»).',
      )
    }
  }
  const { fillStageSpans } = await import('../app/models/stage-spans.server')
  const filled = await fillStageSpans(db)
  if (filled) console.log(`Сроки этапов записаны для заявлений, поданных до обновления: ${filled}.`)
  await db.$disconnect()

  if (buildIsStale()) {
    console.log('Сборка приложения…')
    run(bin('remix'), ['build'], childEnv, 'Сборка')
  }

  const { configurationWarnings } = await import('../app/models/configuration.server')
  const server = spawn(process.execPath, [path.join(root, 'server.js')], {
    cwd: root,
    env: childEnv,
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  })
  server.on('message', (message: { type?: string }) => {
    if (message?.type !== 'listening') return
    if (logins.length > 0) {
      console.log('\nДемо-входы (логин / пароль):')
      for (const l of logins)
        console.log(`  ${l.role.padEnd(32)} ${l.login.padEnd(18)} ${l.password}   ${l.name}${l.note ? ` — ${l.note}` : ''}`)
    }
    for (const w of configurationWarnings(env)) console.warn(`\nВнимание: ${w.message}`)
    console.log(`\nОткройте ${env.PUBLIC_URL ?? `http://localhost:${env.PORT}`}\n`)
  })
  let forwarded = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (forwarded || server.exitCode !== null) return
      forwarded = true
      server.kill(signal)
    })
  }
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

main().catch((error) => fail(String(error?.stack ?? error)))
