// `npm run create-admin -- --name "Фамилия Имя Отчество" [--login admin] [--school "Полное наименование" …] [--reset]`
// The first administrator of a school's server, with a one-time password printed once (ADR 025). On a new server
// it also creates the database file (an explicit command, unlike `npm start`, which never makes a new database
// outside the demo) and, when the database has no school yet, the school from the requisites given.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { EnvError, parseEnv } from '../app/utils/env.server'
import { databasePath, driverProblems, sqliteFileProblem } from '../app/utils/startup-checks.server'
import { argValue } from './backup'

const root = path.resolve(__dirname, '..')

function fail(message: string, code = 1): never {
  console.error(`\nАдминистратор не создан. ${message}\n`)
  process.exit(code)
}

async function main() {
  const args = process.argv.slice(2)
  let env
  try {
    env = parseEnv()
  } catch (error) {
    if (error instanceof EnvError) fail(error.message)
    throw error
  }
  const problems = driverProblems(root)
  if (problems.length) fail(problems.join('\n'))
  if (/^postgres(ql)?:\/\//i.test(env.DATABASE_URL)) {
    // PostgreSQL: the database exists on the city's server; its migrations go through the app's migrator (ADR 040).
    const { migrateDatabase } = await import('./db/migrate')
    await migrateDatabase(env.DATABASE_URL).catch((error) =>
      fail(`Применение миграций завершилось с ошибкой:\n${(error as Error).message}`),
    )
  } else {
    const file = databasePath(env.DATABASE_URL)
    const notSqlite = sqliteFileProblem(file)
    if (notSqlite) fail(notSqlite)
    const isNew = !fs.existsSync(file)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const migrate = spawnSync(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: env.DATABASE_URL },
      encoding: 'utf8',
    })
    if (migrate.status !== 0) fail(`Применение миграций завершилось с ошибкой:\n${migrate.stdout}\n${migrate.stderr}`)
    if (isNew) console.log(`Создана база данных: ${file}`)
  }

  process.env.DATABASE_URL = env.DATABASE_URL
  const { connectDb } = await import('../app/utils/db.server')
  const { createAdministrator, CreateAdminError } = await import('../app/operations/create-admin.server')
  const db = connectDb(env.DATABASE_URL)
  const [lastName = '', firstName = '', middleName = ''] = (argValue(args, '--name') ?? '').trim().split(/\s+/)
  try {
    const result = await createAdministrator(db, {
      login: argValue(args, '--login') ?? 'admin',
      lastName,
      firstName,
      middleName,
      schoolId: argValue(args, '--school-id'),
      reset: args.includes('--reset'),
      school: {
        fullName: argValue(args, '--school') ?? '',
        shortName: argValue(args, '--short'),
        directorName: argValue(args, '--director'),
        address: argValue(args, '--address'),
        phone: argValue(args, '--phone'),
        email: argValue(args, '--email'),
        timeZone: argValue(args, '--time-zone'),
      },
    })
    if (result.schoolCreated)
      console.log('Создана школа. Классы, обучающихся, сотрудников и родителей загрузите в «Администрирование → Импорт».')
    console.log(
      `\n${result.reset ? 'Новый одноразовый пароль' : 'Администратор ЭЖ создан'}: логин ${result.login}, пароль ${result.password}`,
    )
    console.log('Пароль показан один раз и нигде не хранится; при первом входе система попросит сменить его.\n')
  } catch (error) {
    if (error instanceof CreateAdminError) fail(error.message, 2)
    throw error
  } finally {
    await db.$disconnect()
  }
}

main().catch((error) => fail(String(error?.stack ?? error)))
