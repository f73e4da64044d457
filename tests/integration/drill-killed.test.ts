// The restore drill killed (kill -9) while it restores: its temporary folder — a whole restored copy, every applicant's
// data and scans — stayed in the temporary folder for good. The next drill removes the folders of drills whose process
// is gone. A real process, killed for real.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { dbReady } from '#app/utils/db.server'
import { backup } from '#app/backup/backup.server'
import { verifyBackup } from '#app/backup/restore.server'
import { build } from './control-helpers'

const root = path.resolve(__dirname, '..', '..')
const tmp = path.join(root, 'tests', '.tmp', `drill-killed-${process.pid}`)
let copy: string

beforeAll(async () => {
  await dbReady()
  await build({ channel: 'post', className: '5А', receivedAt: '2026-11-02T09:00', register: { at: '2026-11-02T10:00' } })
  fs.mkdirSync(path.join(tmp, 'data', 'uploads', '2026-11'), { recursive: true })
  fs.writeFileSync(path.join(tmp, 'data', 'uploads', '2026-11', 'upl_a.pdf'), '%PDF-1.4 скан')
  copy = (
    await backup({ databaseUrl: process.env.DATABASE_URL as string, dataDir: path.join(tmp, 'data'), outDir: path.join(tmp, 'copies') })
  ).dir
}, 120_000)
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** Whether the drill folder `name` (restore-drill-<pid>-…) is the child's or its own child process's. */
function ofChild(name: string, childPid: number): boolean {
  const pid = Number(name.split('-')[2])
  if (pid === childPid) return true
  try {
    // /proc/<pid>/stat: «pid (name) state ppid …».
    return Number(/\) \S (\d+)/.exec(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1]) === childPid
  } catch {
    return false
  }
}
const drills = () => new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('restore-drill-')))

it('the folder of a drill killed mid-way is removed by the next drill; a running drill’s folder is not touched', async () => {
  const before = drills()
  // A drill in another process, killed as soon as its folder exists.
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/backup.ts', '--verify', copy], {
    cwd: root,
    detached: true,
  })
  let left: string | undefined
  for (let i = 0; i < 300 && !left; i++) {
    await new Promise((r) => setTimeout(r, 50))
    left = [...drills()].find((n) => !before.has(n) && ofChild(n, child.pid!))
  }
  expect(left).toBeDefined()
  process.kill(-child.pid!, 'SIGKILL')
  await new Promise((r) => child.once('exit', r))
  // The drill's own process (tsx's child, named in the folder) may still be finishing a disk write after SIGKILL on a
  // busy machine (state D): wait until it is gone or a zombie, as a killed drill is by the time the next one runs.
  const drillPid = Number(left!.split('-')[2])
  for (let i = 0; i < 200; i++) {
    let stat: string
    try {
      stat = fs.readFileSync(`/proc/${drillPid}/stat`, 'utf8')
    } catch {
      break
    }
    if (/^\d+ \(.*\) Z/.test(stat)) break
    await new Promise((r) => setTimeout(r, 50))
  }
  expect(fs.existsSync(path.join(os.tmpdir(), left!))).toBe(true)
  // Another live process's drill (this one's parent, say) is left alone.
  const alive = path.join(os.tmpdir(), `restore-drill-${process.ppid}-live`)
  fs.mkdirSync(alive)
  try {
    expect(await verifyBackup(copy)).toMatchObject({ ok: true })
    expect(fs.existsSync(path.join(os.tmpdir(), left!))).toBe(false)
    expect(fs.existsSync(alive)).toBe(true)
  } finally {
    fs.rmSync(alive, { recursive: true, force: true })
  }
}, 120_000)
