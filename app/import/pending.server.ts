// A checked file waits here between the dry run and the administrator's confirmation: an unguessable token
// names it, and only the same user of the same school may apply it. Files older than a day are swept.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { ImportKind } from './types'

const DIR = path.join(os.tmpdir(), 'spravka-import')
const MAX_AGE_MS = 24 * 3_600_000

type Pending = { kind: ImportKind; fileName: string; userId: string; schoolId: string; bytes: Uint8Array }

async function sweep() {
  const now = Date.now()
  for (const name of await fs.readdir(DIR).catch(() => [] as string[])) {
    const stat = await fs.stat(path.join(DIR, name)).catch(() => null)
    if (stat && now - stat.mtimeMs > MAX_AGE_MS) await fs.rm(path.join(DIR, name), { force: true })
  }
}

export async function savePending(p: Pending): Promise<string> {
  await fs.mkdir(DIR, { recursive: true, mode: 0o700 })
  await sweep()
  const token = randomBytes(24).toString('hex')
  await fs.writeFile(path.join(DIR, `${token}.bin`), p.bytes, { mode: 0o600 })
  await fs.writeFile(
    path.join(DIR, `${token}.json`),
    JSON.stringify({ kind: p.kind, fileName: p.fileName, userId: p.userId, schoolId: p.schoolId }),
    { mode: 0o600 },
  )
  return token
}

export async function loadPending(token: string, owner: { userId: string; schoolId: string }): Promise<Pending | null> {
  if (!/^[0-9a-f]{48}$/.test(token)) return null
  try {
    const meta = JSON.parse(await fs.readFile(path.join(DIR, `${token}.json`), 'utf8')) as Omit<Pending, 'bytes'>
    if (meta.userId !== owner.userId || meta.schoolId !== owner.schoolId) return null
    return { ...meta, bytes: new Uint8Array(await fs.readFile(path.join(DIR, `${token}.bin`))) }
  } catch {
    return null
  }
}

export async function dropPending(token: string): Promise<void> {
  if (!/^[0-9a-f]{48}$/.test(token)) return
  await Promise.all(['.bin', '.json'].map((ext) => fs.rm(path.join(DIR, `${token}${ext}`), { force: true })))
}
