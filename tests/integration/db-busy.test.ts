import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { db, dbReady, isBusyError, withBusyRetry } from '#app/utils/db.server'
import { registerApplication } from '#app/operations/steps.server'
import { receive, staffActor } from '#tests/helpers/applications'

describe('concurrent writers from another process', () => {
  it('retries a transaction that met a busy database, and gives up on other errors at once', async () => {
    let calls = 0
    const result = await withBusyRetry(async () => {
      calls++
      if (calls < 3) throw Object.assign(new Error('SqliteError: database is locked'), { code: 'SQLITE_BUSY_SNAPSHOT' })
      return 'ok'
    })
    expect([result, calls]).toEqual(['ok', 3])
    let other = 0
    await expect(
      withBusyRetry(async () => {
        other++
        throw new Error('UNIQUE constraint failed')
      }),
    ).rejects.toThrow('UNIQUE')
    expect(other).toBe(1)
    expect(isBusyError(new Error('SQLITE_BUSY: database is locked'))).toBe(true)
  })

  it('registers an application while another connection holds the write lock for a moment', async () => {
    await dbReady()
    const app = await receive('post', '5Б')
    const file = (process.env.DATABASE_URL as string).replace(/^file:/, '')
    const other = new Database(file)
    other.pragma('busy_timeout = 5000')
    other.exec('BEGIN IMMEDIATE')
    other.prepare(`INSERT INTO "Setting" ("key", "value") VALUES ('busy-test', '1')`).run()
    setTimeout(() => {
      other.exec('COMMIT')
      other.close()
    }, 300)
    const registered = await registerApplication({ applicationId: app.id, schoolId: app.schoolId, actor: await staffActor('responsible') })
    expect(registered.status).toBe('registered')
    expect(await db.setting.findUnique({ where: { schoolId_key: { schoolId: '', key: 'busy-test' } } })).not.toBeNull()
  })
})
