// Whether a request's action saved something before the database went away (ADR 104): the adapter reports each
// commit with the tables it wrote; only the action's commits of the product's data count — not a session's touch or
// a password try (bookkeeping), not the loaders' writes, and not a transaction rolled back.
import type { ServerBuild } from '@remix-run/node'
import { expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { databaseAwayText } from '#app/utils/database-away.server'
import { requestSaved, trackActions, trackRequestCommits, writtenTables } from '#app/utils/request-commits.server'

/** A build of one route whose action and loader run the given work (as Remix would call them). */
function build(action: () => Promise<unknown>, loader: () => Promise<unknown> = async () => null) {
  const routes = { r: { id: 'r', path: '/', module: { action, loader, default: () => null } } }
  return trackActions({ routes } as unknown as ServerBuild).routes.r.module as unknown as {
    action: (a: unknown) => Promise<unknown>
    loader: () => Promise<unknown>
  }
}

/** One request: its action, then (as after an answer with data) its loader; the words of the page of a form. */
async function request(route: ReturnType<typeof build>): Promise<{ saved: boolean; text: string }> {
  return trackRequestCommits(async () => {
    await route.action({}).catch(() => {})
    await route.loader().catch(() => {})
    return { saved: requestSaved(), text: databaseAwayText('POST') }
  })
}

const away = () => new Error('Invalid `prisma.x()` invocation: database is locked')
const schoolId = async () => (await db.school.findFirstOrThrow()).id

it('an action that committed its data, then failed: saved; the page says so', async () => {
  const id = await schoolId()
  const inTransaction = await request(
    build(async () => {
      await db.$transaction(async (tx) => tx.school.update({ where: { id }, data: { phone: '+7 000' } }))
      throw away()
    }),
  )
  expect(inTransaction.saved).toBe(true)
  expect(inTransaction.text).toMatch(/^Сохранено, но страница не может показаться/)
  // A single statement outside a transaction commits by itself.
  const alone = await request(
    build(async () => {
      await db.school.update({ where: { id }, data: { phone: '+7 000' } })
      throw away()
    }),
  )
  expect(alone.saved).toBe(true)
  // The action answered; the page's loaders then met the database away.
  const thenLoaders = await request(
    build(
      async () => db.school.update({ where: { id }, data: { phone: '+7 000' } }),
      async () => {
        throw away()
      },
    ),
  )
  expect(thenLoaders.saved).toBe(true)
})

it('bookkeeping, a loader’s write and a rolled-back transaction are not «saved»', async () => {
  const id = await schoolId()
  const user = await db.user.findFirstOrThrow()
  // requireUser's touch of the session and a password try's row, then the action's own transaction fails.
  const bookkeeping = await request(
    build(async () => {
      await db.loginAttempt.create({ data: { login: 'x', ip: '127.0.0.1', success: false, reason: 'test' } })
      await db.session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: new Date() } })
      await db.$transaction(async (tx) => {
        await tx.school.update({ where: { id }, data: { phone: '+7 000' } })
        throw away()
      })
    }),
  )
  expect(bookkeeping.saved).toBe(false)
  expect(bookkeeping.text).toMatch(/Отправленные данные не сохранены/)
  // A validation error of the action; the loader writes (a look audited with data) and fails.
  const loaderWrote = await request(
    build(
      async () => null,
      async () => {
        await db.school.update({ where: { id }, data: { phone: '+7 000' } })
        throw away()
      },
    ),
  )
  expect(loaderWrote.saved).toBe(false)
  // Outside a request (the worker): nothing to mark, nothing breaks.
  await db.school.update({ where: { id }, data: { phone: '+7 000' } })
  expect(requestSaved()).toBe(false)
})

it('a write that changed no row saved nothing: not «saved», alone or in a transaction', async () => {
  const id = await schoolId()
  const none = { id: 'no-such-school' }
  // Prisma's updateMany and deleteMany of nothing, a raw UPDATE of nothing: each sent, each changed 0 rows.
  const alone = await request(
    build(async () => {
      await db.school.updateMany({ where: none, data: { phone: '+7 000' } })
      await db.user.deleteMany({ where: { id: 'no-such-user' } })
      await db.$executeRawUnsafe(`UPDATE "School" SET "phone" = '+7 000' WHERE "id" = 'no-such-school'`)
      throw away()
    }),
  )
  expect(alone.saved).toBe(false)
  expect(alone.text).toMatch(/Отправленные данные не сохранены/)
  // A committed transaction whose only product write matched nothing (its bookkeeping row is not the form's).
  const inTransaction = await request(
    build(async () => {
      await db.$transaction(async (tx) => {
        await tx.school.updateMany({ where: none, data: { phone: '+7 000' } })
        await tx.loginAttempt.create({ data: { login: 'x', ip: '127.0.0.1', success: false, reason: 'test' } })
      })
      await db.$transaction([db.school.updateMany({ where: none, data: { phone: '+7 000' } })])
      throw away()
    }),
  )
  expect(inTransaction.saved).toBe(false)
  // The same transaction with one statement that did change a row: saved, at its COMMIT.
  const oneChanged = await request(
    build(async () => {
      await db.$transaction([
        db.school.updateMany({ where: none, data: { phone: '+7 000' } }),
        db.school.updateMany({ where: { id }, data: { phone: '+7 000' } }),
      ])
      throw away()
    }),
  )
  expect(oneChanged.saved).toBe(true)
})

it('reads the tables a statement writes', () => {
  expect(writtenTables('INSERT INTO "public"."ControlFinding" ("id") VALUES ($1)')).toEqual(['ControlFinding'])
  expect(writtenTables('UPDATE `main`.`Session` SET `lastSeenAt` = ?')).toEqual(['Session'])
  expect(writtenTables('DELETE FROM "Upload" WHERE "id" = ?')).toEqual(['Upload'])
  expect(writtenTables('WITH x AS (SELECT 1) INSERT INTO "OutboxJob" SELECT * FROM x')).toEqual(['OutboxJob'])
  expect(writtenTables('SELECT "id" FROM "OutboxJob" FOR UPDATE SKIP LOCKED')).toEqual([])
})
