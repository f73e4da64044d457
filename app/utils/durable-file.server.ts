// Files the database row points at (an application's documents, a received letter) are on the disk before the row
// commits: a power cut after «принято» must not lose them. fsync of the file puts its bytes there, fsync of its
// folder (and of a folder just made, in its parent) puts its name there.
import fs from 'node:fs/promises'
import path from 'node:path'

async function syncFolder(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  )

/** mkdir -p that puts each folder it made on the disk (fsync of its parent). */
async function makeFolderDurably(dir: string): Promise<void> {
  const missing: string[] = []
  for (let d = dir; !(await exists(d)); d = path.dirname(d)) missing.unshift(d)
  for (const d of missing) {
    await fs.mkdir(d).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error // made meanwhile by a request beside this one
    })
    await syncFolder(path.dirname(d))
  }
}

/**
 * Writes `data` to `full` and returns once the bytes and the name are on the disk. `exclusive`: the name must be
 * new (written in place; a crash leaves at most a part file no row names, which the leftovers sweep removes);
 * otherwise written to a .tmp beside it and renamed, so the file is whole or absent.
 */
export async function writeFileDurably(full: string, data: Uint8Array, { exclusive = false } = {}): Promise<void> {
  const dir = path.dirname(full)
  await makeFolderDurably(dir)
  const target = exclusive ? full : `${full}.${process.pid}.${Date.now()}.tmp`
  const handle = await fs.open(target, exclusive ? 'wx' : 'w')
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (error) {
    // A full disk (ENOSPC) or an I/O error part-way: the part file is this call's own (opened new) and no row will
    // name it. Left, it held the space a day until the leftovers sweep — on a disk already full.
    await handle.close().catch(() => {})
    await fs.rm(target, { force: true }).catch(() => {})
    throw error
  } finally {
    await handle.close().catch(() => {})
  }
  if (!exclusive) await fs.rename(target, full)
  await syncFolder(dir)
}
