// Leftovers of a crash (issue 18 item 6): an upload's file is written before the transaction that writes its row
// with the application, so a crash between the two leaves a file nobody refers to; rows without an application
// are kept only by older versions. Both are removed once a day old (younger ones may belong to a submission in
// progress). An incoming letter's attachments are rows without an application too until the letter is made one —
// they are the letter's, kept as long as it is (never swept here); only a letter's folder with no letter (a crash
// between writing its files and its row: the letter is fetched again under a new id) and half-written `.tmp` files
// of the mail store go. Expired throttle counters go too, and the dashboard's moves and stored open days too far
// behind their school's stamp (ADR 083), and import files checked a day ago and never confirmed, and the sign-in
// records (login, address) older than LOGIN_ATTEMPTS_KEPT_DAYS, the sessions ended a day ago (ADR 120), and the files
// of a retention purge cut short by a crash. Listed in TASKS (ADR 018); runs at most once an hour.
import type { Dirent } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { mailSettings } from '#app/mail/config.server'
import { sweepPendingImports } from '#app/import/pending.server'
import { pruneOpenWork } from '#app/models/open-days.server'
import { finishCutPurges } from '#app/models/retention.server'
import { db } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import { purgeOldCounters } from '#app/utils/throttle.server'
import type { Task } from './worker.server'

export const LEFTOVER_AGE_MS = 86_400_000

/**
 * The sign-in records (a login or the login typed, the address, the outcome) are personal data kept for a purpose
 * (152-ФЗ ст. 5 ч. 7): the administrator's last 24 hours, the monthly activity report's failed sign-ins (Положение
 * 7.1; the report of any month of the last year can be made again) and an inquiry into a break-in. A year and a
 * month, then deleted.
 */
export const LOGIN_ATTEMPTS_KEPT_DAYS = 400

/** Where an incoming letter's attachments are kept (app/mail/inbound-files.server.ts): uploads/mail/<inboundId>/. */
const MAIL_UPLOADS = 'uploads/mail/'
const TEMPORARY = /\.\d+\.\d+\.tmp$/

/** The entries of a directory, none when it does not exist. */
const entries = (dir: string) => fs.readdir(dir, { withFileTypes: true }).catch(() => [])
const olderThan = async (full: string, before: Date) => {
  const stat = await fs.stat(full).catch(() => null)
  return stat !== null && stat.mtime.getTime() < before.getTime()
}

/** Removes the `.tmp` files in `dir` (listed as `listing` when the caller has read it) older than `before`; how many. */
async function sweepTemporary(dir: string, before: Date, listing?: Dirent[]): Promise<number> {
  let removed = 0
  for (const f of (listing ?? (await entries(dir))).filter((f) => f.isFile() && TEMPORARY.test(f.name))) {
    if (!(await olderThan(path.join(dir, f.name), before))) continue
    await fs.rm(path.join(dir, f.name), { force: true })
    removed++
  }
  return removed
}

/**
 * The mail store's leftovers older than `before`: folders of attachments whose letter was never written (their
 * newest file is old too) and `.tmp` files of a write cut short, under mail/<year>/<month>/ and uploads/mail/<id>/.
 */
async function sweepMailLeftovers(before: Date): Promise<number> {
  const root = mailSettings().dataDir
  let removed = 0
  const folders = (await entries(path.join(root, MAIL_UPLOADS))).filter((d) => d.isDirectory() && /^inb_[A-Za-z0-9_-]+$/.test(d.name))
  for (let i = 0; i < folders.length; i += 200) {
    const batch = folders.slice(i, i + 200).map((d) => d.name)
    const known = new Set((await db.inboundMessage.findMany({ where: { id: { in: batch } }, select: { id: true } })).map((m) => m.id))
    for (const id of batch) {
      const dir = path.join(root, MAIL_UPLOADS, id)
      const files = await entries(dir)
      if (known.has(id)) {
        removed += await sweepTemporary(dir, before, files)
        continue
      }
      const ages = await Promise.all(files.map((f) => olderThan(path.join(dir, f.name), before)))
      if (ages.every(Boolean) && (await olderThan(dir, before))) {
        await fs.rm(dir, { recursive: true, force: true })
        removed++
      }
    }
  }
  for (const year of (await entries(path.join(root, 'mail'))).filter((d) => d.isDirectory())) {
    for (const month of (await entries(path.join(root, 'mail', year.name))).filter((d) => d.isDirectory())) {
      removed += await sweepTemporary(path.join(root, 'mail', year.name, month.name), before)
    }
  }
  return removed
}

/** Removes uploads older than a day that belong to no application: rows without one, and files without a row. */
export async function sweepLeftovers(now = new Date()): Promise<{
  rows: number
  files: number
  mail: number
  imports: number
  counters: number
  moves: number
  signIns: number
  sessions: number
  purges: number
}> {
  // A purge cut short after its commit (kill -9): its files go now, not in a day — they are past their keeping period.
  const purges = await finishCutPurges()
  const before = new Date(now.getTime() - LEFTOVER_AGE_MS)
  const orphans = await db.upload.findMany({
    where: { applicationId: null, createdAt: { lt: before }, NOT: { storagePath: { startsWith: MAIL_UPLOADS } } },
    select: { id: true, storagePath: true },
  })
  const dataDir = path.resolve(getEnv().DATA_DIR)
  for (const row of orphans) {
    await db.upload.deleteMany({ where: { id: row.id, applicationId: null } })
    await fs.rm(path.resolve(dataDir, row.storagePath), { force: true })
  }
  let files = 0
  const root = path.join(dataDir, 'uploads')
  for (const month of (await entries(root)).filter((d) => d.isDirectory())) {
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
        if (!(await olderThan(full, before))) continue
        await fs.rm(full, { force: true })
        files++
      }
    }
  }
  const mail = await sweepMailLeftovers(before)
  const imports = await sweepPendingImports(now)
  const counters = await purgeOldCounters(db, now)
  const moves = await pruneOpenWork()
  const { count: signIns } = await db.loginAttempt.deleteMany({
    where: { at: { lt: new Date(now.getTime() - LOGIN_ATTEMPTS_KEPT_DAYS * 86_400_000) } },
  })
  // A session past its end (its address and browser, 152-ФЗ ст. 5 ч. 7) has served its purpose: it can never be used
  // again (auth.server.ts refuses it) and was kept for ever when its holder did not come back (ADR 120).
  // One idle longer than SESSION_IDLE_MINUTES is refused just the same (auth.server.ts): it goes a day after that too.
  const idleBefore = new Date(before.getTime() - getEnv().SESSION_IDLE_MINUTES * 60_000)
  const { count: sessions } = await db.session.deleteMany({
    where: { OR: [{ expiresAt: { lt: before } }, { lastSeenAt: { lt: idleBefore } }] },
  })
  return { rows: orphans.length, files, mail, imports, counters, moves, signIns, sessions, purges }
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
