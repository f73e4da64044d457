// Nothing another request sends runs inside an open transaction (ADR 102). On SQLite's one connection a statement sent
// while a transaction waited between its statements became part of it: a write went with its rollback, a read saw rows
// not committed. Each test opens a transaction that waits, sends the other statement, then ends the transaction.
import { expect, it } from 'vitest'
import { getCalendar } from '#app/models/calendar.server'
import { db } from '#app/utils/db.server'

/** A promise and the function that settles it. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

const school = () => db.school.findFirstOrThrow()

it('a write sent while another transaction is open survives that transaction rolling back', async () => {
  const { id, phone } = await school()
  const inside = gate()
  const started = gate()
  const refused = db
    .$transaction(async (tx) => {
      await tx.school.update({ where: { id }, data: { email: 'ne-budet@example.ru' } })
      started.open()
      await inside.opened
      throw new Error('проверка не прошла')
    })
    .catch((error: Error) => error.message)
  await started.opened
  // A Prisma query runs when awaited or `then`ed: sent now, while the transaction waits.
  const write = db.school.update({ where: { id }, data: { phone: '+7 (999) 000-00-01' } }).then((row) => row)
  await new Promise((resolve) => setTimeout(resolve, 50))
  inside.open()
  expect(await refused).toBe('проверка не прошла')
  await write
  const after = await school()
  expect(after.phone).toBe('+7 (999) 000-00-01')
  expect(after.email).not.toBe('ne-budet@example.ru')
  await db.school.update({ where: { id }, data: { phone } })
})

it('a read sent while another transaction is open does not see what it has not committed', async () => {
  const { id, email } = await school()
  const inside = gate()
  const started = gate()
  const refused = db
    .$transaction(async (tx) => {
      await tx.school.update({ where: { id }, data: { email: 'ne-budet@example.ru' } })
      started.open()
      await inside.opened
      throw new Error('откат')
    })
    .catch(() => 'откат')
  await started.opened
  const read = db.school.findUniqueOrThrow({ where: { id } }).then((row) => row)
  await new Promise((resolve) => setTimeout(resolve, 50))
  inside.open()
  await refused
  expect((await read).email).toBe(email)
})

it.skipIf(process.env.TEST_DB === 'postgres')(
  'a statement the callback sends through the client, not its transaction, still runs (no wait for itself)',
  async () => {
    const { id } = await school()
    const began = Date.now()
    const seen = await db.$transaction(async (tx) => {
      await tx.school.update({ where: { id }, data: { email: 'school-test@example.ru' } })
      return (await db.school.findUniqueOrThrow({ where: { id } })).email
    })
    expect(seen).toBe('school-test@example.ru')
    expect(Date.now() - began).toBeLessThan(4_000) // a wait for itself would last until the transaction's 5-s timeout
  },
)

it.skipIf(process.env.TEST_DB === 'postgres')(
  "a transaction that needs the calendar does not wait for another request's read of it, itself waiting for the transaction",
  async () => {
    const { id } = await school()
    const began = Date.now()
    // Another request asks for the calendar first (its first query runs at once), then a transaction opens before
    // the calendar's second query: that query waits for the transaction, which asks for the calendar in turn.
    const other = getCalendar()
    const inside = db.$transaction(async (tx) => {
      await tx.school.update({ where: { id }, data: { email: 'calendar-test@example.ru' } })
      return (await getCalendar()).isWorkingDay('2026-12-07')
    })
    expect(await inside).toBe(true)
    expect((await other).isWorkingDay('2026-12-07')).toBe(true)
    expect(Date.now() - began).toBeLessThan(4_000) // a wait for each other lasts until the transaction's 5-s timeout
  },
)
