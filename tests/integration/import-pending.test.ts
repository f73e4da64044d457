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
