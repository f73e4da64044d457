// A correction sent through the status link whose step is refused (a stale page: 409) leaves nothing behind — no
// Upload row on the application and no file on the disk. Before, the file was stored first and the step asked
// after, so a stale version number, posted again and again by whoever holds the link, filled the disk with files
// attached to the application.
import fs from 'node:fs'
import { afterAll, describe, expect, it, vi } from 'vitest'

const dataDir = vi.hoisted(() => {
  const dir = `${process.cwd()}/tests/.tmp/data-status-correction-${process.pid}`
  process.env.DATA_DIR = dir
  return dir
})

import { db } from '#app/utils/db.server'
import { action as statusAction } from '#app/routes/s.$token'
import { registerApplication, requestCorrection, startReview } from '#app/operations/steps.server'
import { receive, staffActor } from '#tests/helpers/applications'
import { ORIGIN, settle } from '#tests/helpers/http'

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
}

async function correct(token: string, version: string) {
  const form = new FormData()
  form.append('intent', 'correction')
  form.append('version', version)
  form.append('note', 'Прилагаю свидетельство')
  form.append('file', new File([new Uint8Array(PDF)], 'свидетельство.pdf', { type: 'application/pdf' }))
  const request = new Request(`${ORIGIN}/s/${token}`, { method: 'POST', body: form })
  return settle(() => statusAction({ request, params: { token }, context: {} }))
}

describe('a refused correction stores no file', () => {
  it('a stale version: 409, no Upload row, no file; the current version then goes through with one file', async () => {
    const responsible = await staffActor('responsible')
    const app = await receive('online')
    const t = { applicationId: app.id, schoolId: app.schoolId, actor: responsible }
    await registerApplication(t)
    await startReview(t)
    await requestCorrection({ ...t, items: ['Приложите копию свидетельства о рождении'] })
    const current = (await db.application.findUniqueOrThrow({ where: { id: app.id } })).version
    const before = filesUnder(`${dataDir}/uploads`).length

    for (let i = 0; i < 3; i++) {
      const stale = await correct(app.statusToken, String(current - 1))
      expect(stale.status).toBe(409)
    }
    expect(await db.upload.count({ where: { applicationId: app.id } })).toBe(0)
    expect(filesUnder(`${dataDir}/uploads`).length).toBe(before)
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('correction_requested')

    const ok = await correct(app.statusToken, String(current))
    expect(ok.headers.get('Location')).toBe(`/s/${app.statusToken}?done=corrected`)
    expect(await db.upload.count({ where: { applicationId: app.id } })).toBe(1)
    expect(filesUnder(`${dataDir}/uploads`).length).toBe(before + 1)
  })
})
