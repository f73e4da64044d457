// Leftovers of a crash (issue 18 item 6): an upload's file is written before the transaction that writes its row
// with the application, so a crash between the two leaves a file nobody refers to; rows without an application
// are kept only by older versions. Both are removed once a day old (younger ones may belong to a submission in
// progress). Expired throttle counters go too, and the dashboard's moves and stored open days too far behind their
// school's stamp (ADR 083). Listed in TASKS (ADR 018); runs at most once an hour.
import fs from 'node:fs/promises'
import path from 'node:path'
import { pruneOpenWork } from '#app/models/open-days.server'
import { db } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import { purgeOldCounters } from '#app/utils/throttle.server'
import type { Task } from './worker.server'

export const LEFTOVER_AGE_MS = 86_400_000

/** Removes uploads older than a day that belong to no application: rows without one, and files without a row. */
export async function sweepLeftovers(now = new Date()): Promise<{ rows: number; files: number; counters: number; moves: number }> {
  const before = new Date(now.getTime() - LEFTOVER_AGE_MS)
  const orphans = await db.upload.findMany({
    where: { applicationId: null, createdAt: { lt: before } },
    select: { id: true, storagePath: true },
  })
  const dataDir = path.resolve(getEnv().DATA_DIR)
  for (const row of orphans) {
    await db.upload.deleteMany({ where: { id: row.id, applicationId: null } })
    await fs.rm(path.resolve(dataDir, row.storagePath), { force: true })
  }
  let files = 0
  const root = path.join(dataDir, 'uploads')
  const months = await fs.readdir(root, { withFileTypes: true }).catch(() => [])
  for (const month of months.filter((d) => d.isDirectory())) {
    const dir = path.join(root, month.name)
    const names = (await fs.readdir(dir)).filter((n) => /^upl_[A-Za-z0-9_-]+\.\w+$/.test(n))
    for (let i = 0; i < names.length; i += 200) {
      const batch = names.slice(i, i + 200)
      const known = new Set(
        (await db.upload.findMany({ where: { id: { in: batch.map((n) => n.replace(/\.\w+$/, '')) } }, select: { id: true } })).map(
          (r) => r.id,
        ),
      )
      for (const name of batch) {
        if (known.has(name.replace(/\.\w+$/, ''))) continue
        const full = path.join(dir, name)
        const stat = await fs.stat(full).catch(() => null)
        if (!stat || stat.mtime.getTime() >= before.getTime()) continue
        await fs.rm(full, { force: true })
        files++
      }
    }
  }
  const counters = await purgeOldCounters(db, now)
  const moves = await pruneOpenWork()
  return { rows: orphans.length, files, counters, moves }
}

let lastRun = 0
export const leftoversSweepTask: Task = {
  name: 'leftovers-sweep',
  everyMs: () => 3_600_000,
  run: async (now) => {
    if (now.getTime() - lastRun < 3_600_000) return null
    lastRun = now.getTime()
    return sweepLeftovers(now)
  },
}
