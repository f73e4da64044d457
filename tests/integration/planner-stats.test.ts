// ADR 079: SQLite gathers its query planner's statistics when the process opens the database (and the worker once a
// day). Without them SQLite took every index for equally selective and read «this school's applications with these
// ids» (the registration log page) through a (schoolId, …) index: every application of the school.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { db, dbProvider, dbReady, refreshPlannerStats } from '#app/utils/db.server'
import { copyApplication, receive } from '#tests/helpers/applications'

describe.skipIf(dbProvider() === 'postgresql')('SQLite planner statistics', () => {
  it('are gathered when the process opens the database', async () => {
    await dbReady()
    const stats = await db.$queryRawUnsafe<Array<{ tbl: string }>>(`SELECT DISTINCT "tbl" FROM sqlite_stat1`)
    expect(stats.map((s) => s.tbl)).toEqual(expect.arrayContaining(['Pupil', 'Lesson', 'Mark', 'User']))
  })

  it('again on demand (the daily task), and then a school’s applications by id are found by their primary key', async () => {
    await copyApplication((await receive('online', '5А')).id, 400) // a school's worth: a tiny table is read whole anyway
    await db.$executeRawUnsafe('DELETE FROM sqlite_stat1')
    await refreshPlannerStats()
    const stats = await db.$queryRawUnsafe<Array<{ idx: string }>>(`SELECT "idx" FROM sqlite_stat1 WHERE "tbl" = 'Application'`)
    expect(stats.map((s) => s.idx)).toContain('Application_schoolId_closedAt_queueDueAt_status_id_idx')
    const raw = new Database((process.env.DATABASE_URL as string).replace(/^file:/, ''), { readonly: true })
    try {
      const plan = raw
        .prepare('EXPLAIN QUERY PLAN SELECT "id", "enteredAt" FROM "Application" WHERE "schoolId" = ? AND "id" IN (?, ?, ?)')
        .all('school', 'a', 'b', 'c') as Array<{ detail: string }>
      expect(plan.map((p) => p.detail)).toEqual(['SEARCH Application USING INDEX sqlite_autoindex_Application_1 (id=?)'])
    } finally {
      raw.close()
    }
  })
})
