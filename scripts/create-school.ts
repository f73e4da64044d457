// `npm run create-school -- --school "Полное наименование" --short "МОУ «СОШ № 9»" --director "Ф И О" --address "…"
//   --phone "…" --email "…" --responsible "Ф И О" [--room 12] [--responsible-email …] --admin "Ф И О"
//   --admin-login … --director-login … --responsible-login … [--mailbox school9@example.org] [--time-zone Europe/Saratov]
//   [--code sosh9] [--host sosh9.edu-saratov.ru]` (the school's public address, ADR 056)
// A new school of a municipal installation (ADR 044), with its academic year, director, responsible employee and ЭЖ
// administrator; their one-time passwords are printed once. `--authority-login L --authority-name "Ф И О"` (alone or
// with a school) creates the authority's administrator, who creates the next schools on /authority/schools.
import { EnvError, parseEnv } from '../app/utils/env.server'
import { argValue } from './backup'

function fail(message: string, code = 1): never {
  console.error(`\nШкола не создана. ${message}\n`)
  process.exit(code)
}

async function main() {
  const args = process.argv.slice(2)
  const arg = (name: string) => argValue(args, name) ?? ''
  let env
  try {
    env = parseEnv()
  } catch (error) {
    if (error instanceof EnvError) fail(error.message)
    throw error
  }
  process.env.DATABASE_URL = env.DATABASE_URL
  const { connectDb } = await import('../app/utils/db.server')
  const { createSchool, CreateSchoolError } = await import('../app/operations/create-school.server')
  const { createAuthorityAdministrator } = await import('../app/operations/create-authority.server')
  const db = connectDb(env.DATABASE_URL)
  try {
    let schoolId: string | null = null
    if (args.includes('--school')) {
      const created = await createSchool(
        db,
        {
          fullName: arg('--school'),
          shortName: arg('--short'),
          directorName: arg('--director'),
          address: arg('--address'),
          phone: arg('--phone'),
          email: arg('--email'),
          timeZone: argValue(args, '--time-zone'),
          responsibleName: arg('--responsible'),
          responsiblePosition: argValue(args, '--responsible-position'),
          responsibleRoom: arg('--room'),
          responsibleEmail: arg('--responsible-email'),
          adminName: arg('--admin'),
          adminLogin: arg('--admin-login'),
          directorLogin: arg('--director-login'),
          responsibleLogin: arg('--responsible-login'),
          mailbox: arg('--mailbox'),
          code: arg('--code'),
          host: arg('--host'),
        },
        { userId: null, name: 'npm run create-school' },
      )
      schoolId = created.schoolId
      console.log(
        `\nСоздана школа (идентификатор ${created.schoolId}). Классы, обучающихся, ` +
          'сотрудников и родителей загрузите в «Администрирование → Импорт».',
      )
      for (const a of created.accounts) console.log(`  ${a.role}: логин ${a.login}, пароль ${a.password}`)
    }
    if (args.includes('--authority-login')) {
      const a = await createAuthorityAdministrator(db, { login: arg('--authority-login'), name: arg('--authority-name'), schoolId })
      console.log(
        `\nАдминистратор органа управления образованием: логин ${a.login}, пароль ${a.password} (создание школ — /authority/schools)`,
      )
    }
    if (!schoolId && !args.includes('--authority-login'))
      fail('Укажите реквизиты школы (--school …) или --authority-login. Пример — в README, «Муниципальное развёртывание».')
    console.log('Пароли показаны один раз и нигде не хранятся; при первом входе система попросит сменить их.\n')
  } catch (error) {
    if (error instanceof CreateSchoolError) fail(error.message, 2)
    throw error
  } finally {
    await db.$disconnect()
  }
}

main().catch((error) => fail(String(error?.stack ?? error)))
