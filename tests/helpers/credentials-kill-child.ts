// One outbox run in its own process for credentials-kill.test.ts (ADR 119): the process kills itself with SIGKILL in
// the credentials job's transaction after the password was changed and before the letter carrying it is queued — the
// point where a crash must not leave a password nobody was sent, nor make the retry issue a second one.
import { dbReady, db } from '#app/utils/db.server'
import { runOutbox } from '#app/jobs/outbox.server'

type Delegate = { create: (args: { data: { kind?: string; payload?: string } }) => Promise<unknown> }

/** The transaction's client, whose queuing of a letter with a password kills the process instead. */
function trap<T extends object>(tx: T): T {
  return new Proxy(tx, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown
      if (prop !== 'outboxJob') return value
      const delegate = value as Delegate
      return new Proxy(delegate, {
        get(d, key, r) {
          if (key !== 'create') return Reflect.get(d, key, r) as unknown
          return async (args: { data: { kind?: string; payload?: string } }) => {
            if (args.data.kind === 'send-email' && args.data.payload?.includes('"secret":true')) {
              console.log('KILL: the password is set in the transaction, its letter not yet queued')
              process.kill(process.pid, 'SIGKILL')
              await new Promise(() => {})
            }
            return d.create(args)
          }
        },
      })
    },
  })
}

async function main() {
  await dbReady()
  const original = db.$transaction.bind(db) as (arg: unknown, options?: unknown) => Promise<unknown>
  Object.assign(db, {
    $transaction: (arg: unknown, options?: unknown) =>
      typeof arg === 'function' ? original((tx: object) => (arg as (t: object) => unknown)(trap(tx)), options) : original(arg, options),
  })
  console.log(JSON.stringify({ ran: await runOutbox(new Date()) }))
  await db.$disconnect()
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
