// The disk under DATA_DIR full while the database (elsewhere) answers: a form with files was answered «База данных не
// отвечает» and the log sent the administrator to the database server; and the part of the file written before the
// space ran out stayed on the full disk until the next day's leftovers sweep. Real ENOSPC: /dev/full, and a small
// tmpfs where this machine lets the test mount one.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { awayText, noteDatabaseAway } from '#app/utils/database-away.server'
import { writeFileDurably } from '#app/utils/durable-file.server'

const mountPoint = path.resolve(__dirname, '..', '.tmp', `files-full-${process.pid}`)
fs.mkdirSync(mountPoint, { recursive: true })
const mounted = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
afterAll(() => {
  if (mounted) execFileSync('umount', [mountPoint])
  fs.rmSync(mountPoint, { recursive: true, force: true })
})

const form = () => new Request('http://localhost/apply', { method: 'POST' })

it('a file that cannot be written for want of space: «закончилось место для файлов», not the database', async () => {
  const full = await fs.promises.writeFile('/dev/full', Buffer.alloc(1024)).catch((e: unknown) => e)
  expect((full as NodeJS.ErrnoException).code).toBe('ENOSPC')
  const request = form()
  expect(noteDatabaseAway(full, request)).toBe(true)
  expect(awayText(request)).toBe(
    'На сервере закончилось место для файлов. Отправленные данные не сохранены — вернитесь к форме кнопкой «Назад» и ' +
      'отправьте её ещё раз через минуту.',
  )
  // The database's own full disk stays the database's.
  const database = form()
  expect(
    noteDatabaseAway(new Error('Invalid `prisma.application.create()` invocation: SQLITE_FULL: database or disk is full'), database),
  ).toBe(true)
  expect(awayText(database)).toMatch(/^База данных не отвечает\. Отправленные данные не сохранены/)
})

it.runIf(mounted)('a write that runs out of room leaves no part file on the full disk', async () => {
  const file = path.join(mountPoint, 'uploads', '2026-12', 'upl_part.pdf')
  for (const exclusive of [true, false]) {
    await expect(writeFileDurably(file, Buffer.alloc(200 * 1024, 7), { exclusive })).rejects.toMatchObject({ code: 'ENOSPC' })
    expect(fs.readdirSync(path.dirname(file))).toEqual([])
  }
  // The room it did not take is there for the next, smaller file.
  await writeFileDurably(file, Buffer.alloc(40 * 1024, 7), { exclusive: true })
  expect(fs.statSync(file).size).toBe(40 * 1024)
})
