// /healthz and a full disk under the SQLite database (ADR 025): reads go on, so the outbox count answered and the
// page said 200 while every application, sign-in and letter failed with SQLITE_FULL.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { checkHealth } from '#app/jobs/health.server'
import { databasePath } from '#app/utils/startup-checks.server'
import { onPostgres } from '#tests/setup/test-db'

afterEach(() => vi.restoreAllMocks())

describe.skipIf(onPostgres)('/healthz and the database’s disk', () => {
  it('is not ok when the disk of the database is full; the path goes to the log only', async () => {
    expect(await checkHealth()).toMatchObject({ ok: true, database: { ok: true } })
    const dbDir = path.dirname(databasePath(process.env.DATABASE_URL as string))
    const statfs = fs.statfsSync
    vi.spyOn(fs, 'statfsSync').mockImplementation(((dir: fs.PathLike, options?: fs.StatFsOptions) => {
      const real = statfs(dir, options as { bigint?: false }) as fs.StatsFs
      return path.resolve(String(dir)) === dbDir ? { ...real, bfree: 10, bavail: 10 } : real
    }) as typeof fs.statfsSync)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const health = await checkHealth()
    expect(health.ok).toBe(false)
    expect(health.database).toEqual({ ok: false, error: 'на диске с базой данных нет места' })
    expect(JSON.stringify(health)).not.toContain(dbDir)
    expect(logged.mock.calls.flat().join(' ')).toContain(`на диске с базой данных (${dbDir}) свободно`)
  })
})
