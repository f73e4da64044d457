// A checked import waits under DATA_DIR (shared by the school's instances, ADR 042), never in the system's temporary
// folder: «Загрузить» on another instance, or after a restart with a private /tmp, still finds it; the nightly backup
// leaves it out.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

const dataDir = vi.hoisted(() => {
  const dir = `${process.cwd()}/tests/.tmp/data-import-pending-${process.pid}`
  process.env.DATA_DIR = dir
  return dir
})

import { backup } from '#app/backup/backup.server'
import { dropPending, loadPending, PENDING_FOLDER, savePending } from '#app/import/pending.server'
import { dbReady } from '#app/utils/db.server'
import { sweepLeftovers } from '#app/jobs/leftovers.server'

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

describe('a checked import file waiting for «Загрузить»', () => {
  it('is kept under DATA_DIR for its owner only, not in the temporary folder, and not in a backup', async () => {
    const owner = { userId: 'u1', schoolId: 'school_8' }
    const bytes = new TextEncoder().encode('Фамилия;Имя\nИванов;Иван\n')
    const token = await savePending({ kind: 'pupils', fileName: 'ученики.csv', ...owner, bytes })
    const stored = fs.readdirSync(path.join(dataDir, PENDING_FOLDER)).sort()
    expect(stored).toEqual([`${token}.bin`, `${token}.json`])
    expect(fs.existsSync(path.join(os.tmpdir(), 'spravka-import', `${token}.bin`))).toBe(false)

    expect(await loadPending(token, owner)).toMatchObject({ kind: 'pupils', fileName: 'ученики.csv', bytes })
    expect(await loadPending(token, { ...owner, userId: 'u2' })).toBeNull()

    await dropPending(token)
    expect(fs.readdirSync(path.join(dataDir, PENDING_FOLDER))).toEqual([])
    expect(await loadPending(token, owner)).toBeNull()
  })

  // A check never confirmed (the administrator went away; the server was restarted or killed before «Загрузить») kept
  // its pupils' and parents' data until the school's next import: the hourly leftovers sweep removes it after a day.
  it('a check never confirmed is removed by the leftovers sweep a day later, a fresh one is kept', async () => {
    const owner = { userId: 'u1', schoolId: 'school_8' }
    const bytes = new TextEncoder().encode('Фамилия;Имя;Паспорт\nИванов;Иван;6310 123456\n')
    const old = await savePending({ kind: 'guardians', fileName: 'родители.csv', ...owner, bytes })
    const fresh = await savePending({ kind: 'guardians', fileName: 'родители.csv', ...owner, bytes })
    const dir = path.join(dataDir, PENDING_FOLDER)
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000)
    for (const ext of ['.bin', '.json']) fs.utimesSync(path.join(dir, `${old}${ext}`), twoDaysAgo, twoDaysAgo)
    await dbReady()
    expect(await sweepLeftovers()).toMatchObject({ imports: 2 })
    expect(fs.readdirSync(dir).sort()).toEqual([`${fresh}.bin`, `${fresh}.json`])
    expect(await loadPending(old, owner)).toBeNull()
    expect(await loadPending(fresh, owner)).toMatchObject({ bytes })
    await dropPending(fresh)
  })

  // The product's own backup copies the SQLite file; on PostgreSQL the city backs up with pg_dump (README).
  it.skipIf(process.env.TEST_DB === 'postgres')('is left out of the backup of DATA_DIR', async () => {
    const bytes = new TextEncoder().encode('Фамилия;Имя\n')
    await savePending({ kind: 'pupils', fileName: 'ученики.csv', userId: 'u1', schoolId: 'school_8', bytes })
    await dbReady()
    fs.mkdirSync(path.join(dataDir, 'uploads'), { recursive: true })
    fs.writeFileSync(path.join(dataDir, 'uploads', 'upl_kept.pdf'), '%PDF-1.4')
    const { manifest } = await backup({ databaseUrl: process.env.DATABASE_URL!, dataDir, outDir: path.join(dataDir, 'backups') })
    expect(manifest.files.map((f) => f.path)).toEqual(['uploads/upl_kept.pdf'])
  })
})
