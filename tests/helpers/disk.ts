import fs from 'node:fs'
import path from 'node:path'
import { vi } from 'vitest'
import { databasePath } from '#app/utils/startup-checks.server'

/**
 * The disk under the test's SQLite database as if it had `blocks` free blocks left (statfs of its folder; every
 * other folder as it is). Returns the folder, which the product must keep out of public answers.
 */
export function databaseDiskWithFree(blocks: number): string {
  const dbDir = path.dirname(databasePath(process.env.DATABASE_URL as string))
  const statfs = fs.statfsSync
  vi.spyOn(fs, 'statfsSync').mockImplementation(((dir: fs.PathLike, options?: fs.StatFsOptions) => {
    const real = statfs(dir, options as { bigint?: false }) as fs.StatsFs
    return path.resolve(String(dir)) === dbDir ? { ...real, bfree: blocks, bavail: blocks } : real
  }) as typeof fs.statfsSync)
  return dbDir
}
