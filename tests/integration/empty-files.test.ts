// A file chosen but empty (0 bytes: a scan that did not save, a copy cut off) was taken as «no file»: /apply took the
// application without the identity copy the parent attached, the post intake registered a paper application without
// its scan, a template upload said «Выберите файл». Found by uploading over HTTP (session 23). Now each says the file is
// empty, in the field, and nothing is stored; several files in a field that takes one are refused the same way.
import fs from 'node:fs'
import { afterAll, describe, expect, it, vi } from 'vitest'

const dataDir = vi.hoisted(() => {
  const dir = `${process.cwd()}/tests/.tmp/data-empty-files-${process.pid}`
  process.env.DATA_DIR = dir
  return dir
})

import { db } from '#app/utils/db.server'
import { action as applyAction } from '#app/routes/apply'
import { action as postIntakeAction } from '#app/routes/staff.intake.post'
import { action as templatesAction } from '#app/routes/admin.templates._index'
import { action as mailAction } from '#app/routes/staff.mail._index'
import { loadTemplate } from '#app/documents/render.server'
import { signIn } from '#tests/helpers/auth'
import { ORIGIN, settle } from '#tests/helpers/http'

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const args = (request: Request) => ({ request, params: {}, context: {} })
const EMPTY = /^Файл «пустой скан\.pdf» пустой \(0 байт\): выберите файл ещё раз/
const counts = async () => ({
  applications: await db.application.count(),
  uploads: await db.upload.count(),
  templates: await db.templateVersion.count(),
  letters: await db.inboundMessage.count(),
})
const empty = () => new File([], 'пустой скан.pdf', { type: 'application/pdf' })

function multipart(path: string, fields: Record<string, string>, files: Array<[string, File]>, cookie = '') {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const [k, f] of files) form.append(k, f)
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    body: form,
    headers: { Origin: ORIGIN, 'x-client-ip': '10.0.0.7', ...(cookie ? { Cookie: cookie } : {}) },
  })
}

describe('an empty file chosen is said, not taken as none', () => {
  it('/apply: a parent’s empty identity copy is an error on its field; no application, no upload', async () => {
    const pupil = await db.pupil.findFirstOrThrow({ where: { class: { name: '5А' }, leftOn: null }, orderBy: { lastName: 'asc' } })
    const fields = {
      'applicant.lastName': 'Сидорова',
      'applicant.firstName': 'Анна',
      'identity.kind': 'passport',
      'identity.number': '6310 123456',
      'identity.issuedBy': 'ГУ МВД России по Саратовской области',
      'identity.issuedOn': '2015-02-01',
      'applicant.postalAddress': 'г. Саратов, ул. Московская, д. 1, кв. 2',
      'applicant.email': 'empty.scan@example.org',
      'pupil.lastName': pupil.lastName,
      'pupil.firstName': pupil.firstName,
      'pupil.middleName': pupil.middleName,
      'pupil.className': '5А',
      'applicant.role': 'parent',
      periodicity: 'once',
      delivery: 'email',
      kinds: 'marks',
      idempotencyKey: crypto.randomUUID(),
    }
    const before = await counts()
    const response = await settle(() => applyAction(args(multipart('/apply', fields, [['documents.identity', empty()]]))))
    expect(response.status).toBe(400)
    const { errors } = await response.json()
    expect(errors['documents.identity']).toMatch(EMPTY)
    expect(await counts()).toEqual(before)
    // The browser's «no file chosen» (an unnamed empty part) is still no file: the copy is the applicant's choice.
    const none = new File([], '', { type: 'application/octet-stream' })
    const accepted = await settle(() => applyAction(args(multipart('/apply', fields, [['documents.identity', none]]))))
    expect(accepted.status).toBe(302)
  })

  it('the post intake: an empty scan is an error on the scan, not an application registered without it', async () => {
    const cookie = await signIn('responsible')
    const before = await counts()
    const fields = { intent: 'receive', receivedOn: '2026-11-20', key: crypto.randomUUID() }
    const response = await settle(() => postIntakeAction(args(multipart('/staff/intake/post', fields, [['scan', empty()]], cookie))))
    expect(response.status).toBe(400)
    expect((await response.json()).fieldErrors.scan).toMatch(EMPTY)
    expect(await counts()).toEqual(before)
  })

  it('a template: an empty file is said to be empty; two files in the one field are refused, neither stored', async () => {
    const cookie = await signIn('admin')
    const before = await counts()
    const upload = async (files: File[]) => {
      const response = await settle(() =>
        templatesAction(
          args(
            multipart(
              '/admin/templates',
              { intent: 'upload', name: 'vypiska' },
              files.map((f) => ['file', f]),
              cookie,
            ),
          ),
        ),
      )
      expect(response.status).toBe(400)
      return (await response.json()).errors[0].explanation as string
    }
    expect(await upload([empty()])).toMatch(EMPTY)
    const docx = (name: string) => new File([new Uint8Array(loadTemplate('vypiska'))], name)
    const shipped = loadTemplate('otkaz-v-prieme')
    expect(await upload([new File([new Uint8Array(shipped)], 'первый.docx'), docx('второй.docx')])).toBe(
      'В это поле прикладывается один файл: выберите один.',
    )
    expect(await counts()).toEqual(before)
  })

  it('a letter saved as .eml: an empty file is said to be empty, no letter stored', async () => {
    const cookie = await signIn('responsible')
    const before = await counts()
    const response = await settle(() =>
      mailAction(
        args(
          multipart(
            '/staff/mail',
            { intent: 'upload', receivedAt: '2026-11-20T10:00' },
            [['file', new File([], 'пустой скан.pdf', { type: 'message/rfc822' })]],
            cookie,
          ),
        ),
      ),
    )
    const data = await response.json()
    expect(JSON.stringify(data)).toMatch(/Файл «пустой скан\.pdf» пустой \(0 байт\)/)
    expect(await counts()).toEqual(before)
  })
})
