// A checked file waits here between the dry run and the administrator's confirmation: an unguessable token
// names it, and only the same user of the same school may apply it. Files older than a day are swept.
// It waits under DATA_DIR, not the system's temporary folder: the instances of one school share DATA_DIR (ADR 042),
// so «Загрузить» may reach another instance than «Проверить» did; a service's private /tmp or a restart in between
// loses nothing; and the file (pupils' and parents' personal data) stays where the school's data is kept.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { getEnv } from '#app/utils/env.server'
import type { ImportKind } from './types'

/** The folder under DATA_DIR; the nightly backup leaves it out (a file waiting a few minutes is not the school's data). */
export const PENDING_FOLDER = 'import-pending'
const pendingDir = () => path.join(path.resolve(getEnv().DATA_DIR), PENDING_FOLDER)
const MAX_AGE_MS = 24 * 3_600_000

type Pending = { kind: ImportKind; fileName: string; userId: string; schoolId: string; bytes: Uint8Array }

/**
 * Removes the checked files older than a day; how many. Run at every new check and by the hourly leftovers sweep: a
 * check never confirmed (the administrator went away, the server was restarted or killed in between) otherwise kept
 * its pupils' and parents' data here until the school's next import — for months.
 */
export async function sweepPendingImports(now = new Date()): Promise<number> {
  const dir = pendingDir()
  let removed = 0
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const stat = await fs.stat(path.join(dir, name)).catch(() => null)
    if (stat && now.getTime() - stat.mtimeMs > MAX_AGE_MS) {
      await fs.rm(path.join(dir, name), { force: true })
      removed++
    }
  }
  return removed
}

export async function savePending(p: Pending): Promise<string> {
  const dir = pendingDir()
  await fs.mkdir(dir, { recursive: true, mode: 0o700 })
  await sweepPendingImports()
  const token = randomBytes(24).toString('hex')
  await fs.writeFile(path.join(dir, `${token}.bin`), p.bytes, { mode: 0o600 })
  await fs.writeFile(
    path.join(dir, `${token}.json`),
    JSON.stringify({ kind: p.kind, fileName: p.fileName, userId: p.userId, schoolId: p.schoolId }),
    { mode: 0o600 },
  )
  return token
}

export async function loadPending(token: string, owner: { userId: string; schoolId: string }): Promise<Pending | null> {
  if (!/^[0-9a-f]{48}$/.test(token)) return null
  const dir = pendingDir()
  try {
    const meta = JSON.parse(await fs.readFile(path.join(dir, `${token}.json`), 'utf8')) as Omit<Pending, 'bytes'>
    if (meta.userId !== owner.userId || meta.schoolId !== owner.schoolId) return null
    return { ...meta, bytes: new Uint8Array(await fs.readFile(path.join(dir, `${token}.bin`))) }
  } catch {
    return null
  }
}

export async function dropPending(token: string): Promise<void> {
  if (!/^[0-9a-f]{48}$/.test(token)) return
  const dir = pendingDir()
  await Promise.all(['.bin', '.json'].map((ext) => fs.rm(path.join(dir, `${token}${ext}`), { force: true })))
}
