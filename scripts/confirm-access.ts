// `npm run confirm-access -- --list` | `--confirm <id>` | `--refuse <id>` | `--reset <login>`
// The server operator's way to decide what a school's ЭЖ administrator asked and no one in the school may confirm
// alone (ADR 093): the director's role, a one-time password for the director's account — when the installation has no
// authority administrator, or it is away. `--reset <login>` gives an account of a school a one-time password at once
// (a director who lost the password, the school's administrator away or not trusted). Whoever runs it holds the
// database already; a one-time password is printed once, to be handed over in person.
import { EnvError, parseEnv } from '../app/utils/env.server'
import { argValue } from './backup'

function fail(message: string, code = 1): never {
  console.error(`\n${message}\n`)
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
  const { db } = await import('../app/utils/db.server')
  const grants = await import('../app/operations/access-grants.server')
  const { grantWhat } = await import('../app/models/account-words')
  const { OperationError } = await import('../app/operations/errors')
  try {
    const confirm = argValue(args, '--confirm')
    const refuse = argValue(args, '--refuse')
    const reset = argValue(args, '--reset')
    if (confirm || reset) {
      const id = confirm ?? (await grants.requestConsoleReset(reset ?? ''))
      const done = await grants.confirmAccessGrant(id, { via: 'console' })
      if (done.kind === 'roles') console.log(`\nЗапрос подтверждён: учётной записи ${done.login} назначены роли ${done.roles.join(', ')}.`)
      else if (done.kind === 'email') console.log(`\n${grants.confirmedMessage(done)}\n`)
      if (done.password)
        console.log(
          `\nВременный пароль для ${done.login}: ${done.password}\nОн показан один раз; при первом входе система попросит сменить его.\n`,
        )
    } else if (refuse) {
      const done = await grants.refuseAccessGrant(refuse, { via: 'console' })
      console.log(`\nЗапрос для учётной записи ${done.login} отклонён: ничего не изменилось.\n`)
    } else {
      // Every page: the console lists all that wait.
      const waiting = []
      for (let after: string | null = null; ;) {
        const page: Awaited<ReturnType<typeof grants.pendingAccessGrants>> = await grants.pendingAccessGrants({}, { after, take: 500 })
        waiting.push(...page.rows)
        if (!page.next) break
        after = page.next
      }
      if (!waiting.length) console.log('\nЗапросов, ждущих подтверждения, нет.\n')
      for (const g of waiting)
        console.log(
          `${g.id}  ${g.school}  ${g.login}${g.name ? ` (${g.name})` : ''}  ` +
            `${grantWhat(g)}  ` +
            `запросил(а): ${g.requestedBy}, ${g.requestedAt}  ` +
            `последний временный пароль: ${g.passwordIssued ? `${g.passwordIssued.by}, ${g.passwordIssued.at}` : 'не выдавался'}`,
        )
      if (waiting.length) console.log('\nПодтвердить: npm run confirm-access -- --confirm <id>; отклонить: --refuse <id>.')
    }
  } catch (error) {
    if (error instanceof OperationError) fail(error.message, 2)
    throw error
  } finally {
    await db.$disconnect()
  }
}

main().catch((error) => fail(String(error?.stack ?? error)))
