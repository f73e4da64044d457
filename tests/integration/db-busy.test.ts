import { spawn } from 'node:child_process'
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
    // Another process, as the title says: a connection of this one holding the lock could only let go from a timer,
    // which the driver's synchronous busy wait on this thread blocks — the lock then lasted the whole busy timeout.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const Database = require('better-sqlite3'); const other = new Database(${JSON.stringify(file)});
         other.pragma('busy_timeout = 5000'); other.exec('BEGIN IMMEDIATE');
         other.prepare(\`INSERT INTO "Setting" ("key", "value") VALUES ('busy-test', '1')\`).run();
         console.log('locked'); setTimeout(() => { other.exec('COMMIT'); other.close() }, 300)`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const exited = new Promise((r) => holder.once('exit', r))
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (c) => String(c).includes('locked') && resolve())
      holder.once('exit', () => reject(new Error('the lock holder ended before it held the lock')))
    })
    const registered = await registerApplication({ applicationId: app.id, schoolId: app.schoolId, actor: await staffActor('responsible') })
    expect(registered.status).toBe('registered')
    await exited
    expect(await db.setting.findUnique({ where: { schoolId_key: { schoolId: '', key: 'busy-test' } } })).not.toBeNull()
  })
})
