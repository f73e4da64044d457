// /healthz and a full disk under the SQLite database (ADR 025): reads go on, so the outbox count answered and the
// page said 200 while every application, sign-in and letter failed with SQLITE_FULL.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { checkHealth } from '#app/jobs/health.server'
import { databaseDiskWithFree } from '#tests/helpers/disk'
import { onPostgres } from '#tests/setup/test-db'

afterEach(() => vi.restoreAllMocks())

describe.skipIf(onPostgres)('/healthz and the database’s disk', () => {
  it('is not ok when the disk of the database is full; the path goes to the log only', async () => {
    expect(await checkHealth()).toMatchObject({ ok: true, database: { ok: true } })
    const dbDir = databaseDiskWithFree(10)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const health = await checkHealth()
    expect(health.ok).toBe(false)
    expect(health.database).toEqual({ ok: false, error: 'на диске с базой данных нет места' })
    expect(JSON.stringify(health)).not.toContain(dbDir)
    expect(logged.mock.calls.flat().join(' ')).toContain(`на диске с базой данных (${dbDir}) свободно`)
  })
})
