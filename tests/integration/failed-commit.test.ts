// A COMMIT that fails does not wedge the server. With the data folder's disk full, SQLite refuses the COMMIT
// (SQLITE_FULL while the pages go to the WAL) and keeps the transaction open; Prisma's SQLite adapter then never
// released its transaction lock, and every later transaction of the process waited for it forever — seen with
// DATA_DIR on a 40 MB tmpfs filled up: POST /api/v1/applications hung past the request time limit, and still hung once
// space was freed, while /healthz said 200. A deferred foreign key fails the COMMIT in the same way, without a full
// disk, so the test uses one.
import { expect, it } from 'vitest'
import { db, dbReady } from '#app/utils/db.server'
import { receive } from '#tests/helpers/applications'

const within = <T>(work: Promise<T>, ms = 5000) =>
  Promise.race([work, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms))])

it('after a failed COMMIT the write is refused, nothing of it is kept, and the next transactions run', async () => {
  await dbReady()
  const failed = await db
    .$transaction(async (tx) => {
      await tx.$executeRawUnsafe('PRAGMA defer_foreign_keys = ON')
      await tx.$executeRawUnsafe(
        `INSERT INTO "Pupil" ("id", "schoolId", "lastName", "firstName", "birthDate", "classId", "enrolledOn") ` +
          `VALUES ('pupil-commit-fails', 'no-such-school', 'Иванов', 'Иван', '2015-01-01', 'no-such-class', '2020-09-01')`,
      )
    })
    .then(
      () => 'committed',
      (error: unknown) => String(error),
    )
  expect(failed).toMatch(/ForeignKey/)
  expect(await within(db.$transaction((tx) => tx.pupil.count({ where: { id: 'pupil-commit-fails' } })))).toBe(0)
  // The product's own writes go on: an application is received (its transaction, its outbox rows).
  const app = await within(receive('post', '5А'))
  expect(app).not.toBe('hung')
  expect(await db.application.count({ where: { id: (app as { id: string }).id } })).toBe(1)
})

it('after SQLite rolled a transaction back by itself, the failed ROLLBACK of Prisma releases the lock too', async () => {
  await dbReady()
  // SQLite ends a large transaction itself on SQLITE_FULL or an I/O error; the callback then fails and Prisma's own
  // ROLLBACK finds no transaction. A ROLLBACK inside the callback leaves the connection in that state.
  const failed = await db
    .$transaction(async (tx) => {
      await tx.$executeRawUnsafe('ROLLBACK')
      throw new Error('диск заполнен')
    })
    .then(
      () => 'committed',
      (error: unknown) => String(error),
    )
  expect(failed).not.toBe('committed')
  expect(await within(db.$transaction((tx) => tx.pupil.count({ where: { id: 'no-such-pupil' } })))).toBe(0)
  const app = await within(receive('post', '5А'))
  expect(app).not.toBe('hung')
  expect(await db.application.count({ where: { id: (app as { id: string }).id } })).toBe(1)
})
