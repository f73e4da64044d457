// A retention purge cut short by a crash (ADR 011, 024): the purge commits, then removes the files. A kill -9 or a power
// cut in between left the scans and the raw letters of anonymised applications on the disk for good — no row named them
// any more (152-ФЗ ст. 5 ч. 7) — and the run's file counts at 0 and no audit record of the purge.
import fs from 'node:fs'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'

const dataDir = vi.hoisted(() => {
  const dir = `${process.cwd()}/tests/.tmp/data-retention-crash-${process.pid}`
  process.env.DATA_DIR = dir
  return dir as string
})

import { db } from '#app/utils/db.server'
import { listRetentionRuns } from '#app/models/retention.server'
import { sweepLeftovers } from '#app/jobs/leftovers.server'
import { build, T } from './control-helpers'

const root = path.resolve(__dirname, '..', '..')
const now = T('2032-11-20T12:00')
let app: { id: string; schoolId: string }
const scan = 'uploads/2026-10/upl_crash.pdf'
const letter = 'mail/2026/10/crash.eml'

beforeAll(async () => {
  app = await build({
    channel: 'email',
    receivedAt: '2026-10-05T09:00',
    register: { at: '2026-10-05T11:00' },
    forwardAt: '2026-10-12T10:00',
    decide: { at: '2026-10-14T10:00', outcome: 'grant' },
    deliver: { at: '2026-10-15T10:00' },
  })
  for (const [rel, text] of [
    [scan, '%PDF-1.4 паспорт'],
    [letter, 'From: anna@example.org\r\n\r\nзаявление'],
  ]) {
    fs.mkdirSync(path.dirname(path.join(dataDir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dataDir, rel), text)
  }
  await db.upload.create({
    data: {
      id: 'upl_crash',
      applicationId: app.id,
      kind: 'identity',
      fileName: 'паспорт.pdf',
      mime: 'application/pdf',
      size: 17,
      sha256: 'x',
      storagePath: scan,
    },
  })
  await db.inboundMessage.create({
    data: {
      schoolId: app.schoolId,
      messageId: '<crash@example.org>',
      internalDate: T('2026-10-05T08:00'),
      fromAddress: 'anna@example.org',
      rawPath: letter,
      applicationId: app.id,
    },
  })
})
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

it('files of a purge killed after its commit are removed by the next sweep; the run counts them and the audit shows it', async () => {
  // A real process runs the purge and is killed (SIGKILL) as it removes the first file, after the commit.
  const script = path.join(dataDir, 'purge-and-die.ts')
  fs.writeFileSync(
    script,
    [
      "import fsp from 'node:fs/promises'",
      "import { purgeExpired } from '#app/models/retention.server'",
      "fsp.unlink = async () => { process.kill(process.pid, 'SIGKILL') }",
      `void purgeExpired({ schoolId: ${JSON.stringify(app.schoolId)}, user: { id: 'x', displayName: 'Админ' }, ` +
        `now: new Date(${JSON.stringify(now.toISOString())}), timeZone: 'Europe/Saratov', expectedCount: 1 })`,
    ].join('\n'),
  )
  const run = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [script], { cwd: root, encoding: 'utf8', env: process.env })
  // tsx runs the script in a child node: its end by SIGKILL comes back as the status 128 + 9.
  expect(run.signal ?? run.status, run.stderr).toBeOneOf(['SIGKILL', 137])
  // The rows are anonymised and gone; the files are still there.
  expect(await db.upload.count({ where: { id: 'upl_crash' } })).toBe(0)
  expect(fs.existsSync(path.join(dataDir, scan))).toBe(true)
  expect(fs.existsSync(path.join(dataDir, letter))).toBe(true)
  // The purge is in the audit trail with its commit, not after its files.
  expect(await db.auditEvent.count({ where: { action: 'retention:purge' } })).toBe(1)

  // The restarted server's first sweep (the leftovers task runs at its first pass).
  expect(await sweepLeftovers(now)).toMatchObject({ purges: 1 })
  expect(fs.existsSync(path.join(dataDir, scan))).toBe(false)
  expect(fs.existsSync(path.join(dataDir, letter))).toBe(false)
  const [stored] = await listRetentionRuns(app.schoolId)
  expect(stored).toMatchObject({ uploads: 1, inboundMessages: 1, files: 2, missingFiles: 0 })
  // Done once: the next sweep has nothing of it left.
  expect(await sweepLeftovers(now)).toMatchObject({ purges: 0 })
})
