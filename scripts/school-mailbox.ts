// `SCHOOL_IMAP_PASSWORD=… npm run school-mailbox -- --school <код или идентификатор> --host imap.city.ru --user sosh9
//   [--port 993] [--no-tls] [--mailbox INBOX]` — a school's own mailbox for applications by e-mail (ADR 056), kept in
// the school's settings («mail.imap»); the worker polls it every IMAP_POLL_SECONDS into that school's intake. The
// password comes from the environment, never from the command line (it would show in the process list).
// `--remove` drops the school's own mailbox.
import { EnvError, parseEnv } from '../app/utils/env.server'
import { argValue } from './backup'

function fail(message: string, code = 1): never {
  console.error(`\nПочтовый ящик не сохранён. ${message}\n`)
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
  process.env.DATABASE_URL = env.DATABASE_URL
  const { connectDb } = await import('../app/utils/db.server')
  const { IMAP_KEY, setSchoolMailbox } = await import('../app/mail/mailboxes.server')
  const db = connectDb(env.DATABASE_URL)
  try {
    const key = (argValue(args, '--school') ?? '').trim().toLowerCase()
    if (!key) fail('Укажите школу: --school <код или идентификатор>.')
    const school = await db.school.findFirst({ where: { OR: [{ code: key }, { id: key }] }, select: { id: true, shortName: true } })
    if (!school) fail(`Школа «${key}» не найдена.`, 2)
    if (args.includes('--remove')) {
      await db.setting.deleteMany({ where: { schoolId: school.id, key: IMAP_KEY } })
      console.log(`\n${school.shortName}: свой почтовый ящик убран.\n`)
      return
    }
    const password = process.env.SCHOOL_IMAP_PASSWORD ?? ''
    if (!password) fail('Пароль почтового ящика передайте в переменной окружения SCHOOL_IMAP_PASSWORD.')
    try {
      await setSchoolMailbox(school.id, {
        host: argValue(args, '--host') ?? '',
        port: Number(argValue(args, '--port') ?? 993),
        secure: !args.includes('--no-tls'),
        user: argValue(args, '--user') ?? '',
        password,
        mailbox: argValue(args, '--mailbox') ?? 'INBOX',
      })
    } catch (error) {
      const issues = (error as { issues?: Array<{ message: string }> }).issues
      if (issues) fail(issues.map((i) => i.message).join('; '), 2)
      throw error
    }
    console.log(`\n${school.shortName}: почтовый ящик сохранён; письма из него попадут в почту этой школы при следующем опросе.\n`)
  } finally {
    await db.$disconnect()
  }
}

main().catch((error) => fail(String(error?.stack ?? error)))
