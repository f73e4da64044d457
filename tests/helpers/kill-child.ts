// One piece of the product's work in its own process, for the kill -9 tests of crash-kill.test.ts: the process kills
// itself with SIGKILL at the point KILL_AT names, as a power cut or the OOM killer would. KILL_AT is
// - `tx:<model>.<method>:<n>` — inside a transaction, just before its n-th call of tx.<model>.<method> (nothing of that
//   transaction may stay);
// - `commit:<model>.<method>:<n>` — just after the transaction that made the n-th such call committed (what it wrote
//   stays, the work after it never runs);
// - empty: the work runs to its end and prints its result.
// KILL_WORK names the work and KILL_ARGS (JSON) its arguments.
import fs from 'node:fs'
import { dbReady, db } from '#app/utils/db.server'
import { overrideMailSettings } from '#app/mail/config.server'

type Args = Record<string, unknown>
const point = /^(tx|commit):(\w+)\.(\w+):(\d+)$/.exec(process.env.KILL_AT ?? '')
let calls = 0

function die(where: string): Promise<never> {
  console.log(`KILL: ${where}`)
  process.kill(process.pid, 'SIGKILL')
  return new Promise(() => {})
}

/** The transaction's client, counting the calls KILL_AT names; `hit` is set when the n-th one was made. */
function trap<T extends object>(tx: T, state: { hit: boolean }): T {
  if (!point) return tx
  const [, when, model, method, n] = point
  return new Proxy(tx, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown
      if (prop !== model) return value
      const delegate = value as Record<string, (...a: unknown[]) => Promise<unknown>>
      return new Proxy(delegate, {
        get(d, key, r) {
          const fn = Reflect.get(d, key, r) as unknown
          if (key !== method || typeof fn !== 'function') return fn
          return async (...a: unknown[]) => {
            if (++calls === Number(n)) {
              if (when === 'tx') await die(`before ${model}.${method} #${n}, inside its transaction`)
              state.hit = true
            }
            return (fn as (...b: unknown[]) => Promise<unknown>).apply(d, a)
          }
        },
      })
    },
  })
}

function installTrap() {
  const original = db.$transaction.bind(db) as (arg: unknown, options?: unknown) => Promise<unknown>
  Object.assign(db, {
    $transaction: async (arg: unknown, options?: unknown) => {
      if (typeof arg !== 'function') return original(arg, options)
      const state = { hit: false }
      const result = await original((tx: object) => (arg as (t: object) => unknown)(trap(tx, state)), options)
      if (state.hit) await die(`after the transaction of ${point![2]}.${point![3]} #${point![4]} committed`)
      return result
    },
  })
}

const works: Record<string, (args: Args) => Promise<unknown>> = {
  /** The parent's form submitted to /apply: fields and files as the browser sends them. */
  async apply(args) {
    const { action } = await import('#app/routes/apply')
    const form = new FormData()
    for (const [k, v] of Object.entries(args.fields as Record<string, string>)) form.append(k, v)
    for (const k of args.kinds as string[]) form.append('kinds', k)
    for (const [k, b64] of Object.entries(args.files as Record<string, string>))
      form.append(k, new File([new Uint8Array(Buffer.from(b64, 'base64'))], `${k}.pdf`, { type: 'application/pdf' }))
    const origin = 'http://localhost:3000'
    const request = new Request(`${origin}/apply`, { method: 'POST', body: form, headers: { Origin: origin, 'x-client-ip': '10.0.0.9' } })
    const response = (await action({ request, params: {}, context: {} }).catch((e: unknown) => e)) as Response
    return { status: response.status, location: response.headers.get('Location') }
  },
  /** One poll of a school's mailbox. */
  async poll(args) {
    const { pollMailbox } = await import('#app/mail/mailbox.server')
    return pollMailbox(new Date(), args.imap as never, args.schoolId as string)
  },
  /** The responsible employee makes an application of an incoming letter. */
  async file(args) {
    const { createApplicationFromInbound } = await import('#app/mail/inbound-actions.server')
    const app = await createApplicationFromInbound(args as never)
    return { id: app.id }
  },
  /** The responsible employee refuses to accept an incoming letter (Порядок 3.1.1). */
  async refuse(args) {
    const { refuseInbound } = await import('#app/mail/inbound-actions.server')
    await refuseInbound(args as never)
    return { refused: true }
  },
  /** The director's decision on an application sent to them (the director's form's one operation). */
  async decide(args) {
    const { transitionApplication } = await import('#app/operations/transition.server')
    const app = await transitionApplication(args as never)
    return { status: app.status }
  },
  /** An import confirmed by the administrator: the file read from `path`. */
  async import(args) {
    const { applyImport } = await import('#app/import/run.server')
    const input = { ...args, bytes: new Uint8Array(fs.readFileSync(args.path as string)) } as unknown as Parameters<typeof applyImport>[0]
    const report = await applyImport(input)
    return { applied: report.applied, errors: report.errors, counts: report.counts }
  },
  /** One pass of the periodic extracts, on the clock `now`. */
  async periodic(args) {
    const { runPeriodicDeliveries } = await import('#app/jobs/periodic-deliveries.server')
    return runPeriodicDeliveries(new Date(args.now as string))
  },
}

async function main() {
  await dbReady()
  const mail = process.env.KILL_MAIL ? (JSON.parse(process.env.KILL_MAIL) as Parameters<typeof overrideMailSettings>[0]) : null
  if (mail) overrideMailSettings(mail)
  installTrap()
  const work = works[process.env.KILL_WORK ?? '']
  if (!work) throw new Error(`unknown KILL_WORK ${process.env.KILL_WORK}`)
  console.log(JSON.stringify({ result: await work(JSON.parse(process.env.KILL_ARGS ?? '{}') as Args) }))
  await db.$disconnect()
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
