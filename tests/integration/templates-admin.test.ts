import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import PizZip from 'pizzip'
import { describe, expect, it } from 'vitest'
import { DEMO_DATA } from '#app/documents/demo-data'
import { renderWithActive } from '#app/documents/template-store.server'
import { generateApplicationDocument } from '#app/jobs/generate-documents.server'
import { isPdfAvailable } from '#app/documents/pdf.server'
import { loadTemplate, sha256 } from '#app/documents/render.server'
import { TEMPLATE_TITLES } from '#app/documents/types'
import { listTemplates, TEMPLATE_NAMES } from '#app/models/templates.server'
import { refuseAcceptance } from '#app/operations/steps.server'
import { loader as fileLoader } from '#app/routes/admin.templates.$name.$version'
import { action, loader } from '#app/routes/admin.templates._index'
import { loader as activityDocxLoader } from '#app/routes/staff.activity.docx'
import { db } from '#app/utils/db.server'
import { receive, staffActor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { docxText } from '#tests/helpers/docx'
import { ORIGIN, formRequest, getRequest, settle } from '#tests/helpers/http'

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const NOTICE = 'otkaz-v-prieme'

/** The shipped template with its word/document.xml edited. */
function edited(name: string, edit: (xml: string) => string): Buffer {
  const zip = new PizZip(loadTemplate(name as never))
  zip.file('word/document.xml', edit(zip.file('word/document.xml')!.asText()))
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' })
}

function uploadRequest(name: string, content: Buffer | string, cookie: string, note = '', fileName = `${name}.docx`): Request {
  const form = new FormData()
  form.append('intent', 'upload')
  form.append('name', name)
  form.append('note', note)
  form.append('file', new File([typeof content === 'string' ? content : new Uint8Array(content)], fileName))
  return new Request(`${ORIGIN}/admin/templates`, {
    method: 'POST',
    body: form,
    headers: { Cookie: cookie, Origin: ORIGIN, 'x-client-ip': '127.0.0.1' },
  })
}

async function upload(name: string, content: Buffer | string, cookie: string, note = '') {
  const response = await settle(() => action(args(uploadRequest(name, content, cookie, note))))
  return { status: response.status, body: await response.json() }
}

async function activate(name: string, version: number, cookie: string) {
  const response = await settle(() =>
    action(args(formRequest('/admin/templates', { intent: 'activate', name, version: String(version) }, cookie))),
  )
  return { status: response.status, body: await response.json() }
}

const fileOf = (name: string, version: number, as: string, cookie: string) =>
  settle(() => fileLoader(args(getRequest(`/admin/templates/${name}/${version}?as=${as}`, cookie), { name, version: String(version) })))

const demoSchoolId = async () => (await db.school.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } })).id
const activeOf = async (name: string) => (await listTemplates(await demoSchoolId())).find((t) => t.name === name)!.activeVersion

describe('template administration', () => {
  it('uploads an edited template: it becomes active and the documents are printed with it', async () => {
    const cookie = await signIn('admin')
    const changed = edited(NOTICE, (xml) => xml.replace('>УВЕДОМЛЕНИЕ<', '>ИЗВЕЩЕНИЕ<'))
    const { status, body } = await upload(NOTICE, changed, cookie, 'Заголовок «Извещение»')
    expect(status).toBe(200)
    expect(body).toMatchObject({ ok: true, name: NOTICE, warnings: [] })
    expect(body.message).toMatch(/^Загружена версия 1/)

    const row = await db.templateVersion.findUniqueOrThrow({
      where: { schoolId_name_version: { schoolId: await demoSchoolId(), name: NOTICE, version: 1 } },
    })
    expect(row).toMatchObject({ active: true, note: 'Заголовок «Извещение»', sha256: sha256(changed) })
    expect(row.uploadedBy).not.toBe('')
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'upload:template', entityId: NOTICE } })
    expect(JSON.parse(audit.data)).toMatchObject({ version: 1, sha256: sha256(changed) })

    const { docx, version } = await renderWithActive(await demoSchoolId(), NOTICE, DEMO_DATA[NOTICE])
    expect(version).toBe(`${NOTICE}@1`)
    expect(docxText(docx)).toContain('ИЗВЕЩЕНИЕ')

    const app = await receive('post', '3А')
    await refuseAcceptance({
      applicationId: app.id,
      schoolId: app.schoolId,
      actor: await staffActor('director'), // Порядок 3.1.1: the written notice is the director's
      grounds: ['Не приложена копия документа, подтверждающего статус законного представителя'],
      form: 'written',
    })
    const [id] = await generateApplicationDocument({
      applicationId: app.id,
      template: NOTICE,
      key: `test:${app.id}:notice`,
      deliver: false,
    })
    const stored = await db.storedDocument.findUniqueOrThrow({ where: { id } })
    expect(stored.templateVersion).toBe(`${NOTICE}@1`)
    expect(docxText(stored.content)).toContain('ИЗВЕЩЕНИЕ')
    expect(docxText(stored.content)).not.toContain('УВЕДОМЛЕНИЕ')

    const data = await (await settle(() => loader(args(getRequest('/admin/templates', cookie))))).json()
    const listed = data.templates.find((t: { name: string }) => t.name === NOTICE)
    expect(listed).toMatchObject({ activeVersion: 1, versions: [{ version: 1, active: true, note: 'Заголовок «Извещение»' }] })
    expect(listed.versions[0].createdAt).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/)
  })

  it('gives the template to edit in Word and previews it with the demo data (DOCX, PDF)', async () => {
    const cookie = await signIn('admin')
    const template = await fileOf(NOTICE, 1, 'template', cookie)
    expect(template.status).toBe(200)
    const raw = Buffer.from(await template.arrayBuffer())
    expect(sha256(raw)).toBe((await db.templateVersion.findFirstOrThrow({ where: { name: NOTICE, version: 1 } })).sha256)
    expect(template.headers.get('Content-Disposition')).toContain('otkaz-v-prieme-v1.docx')
    expect(sha256(Buffer.from(await (await fileOf(NOTICE, 0, 'template', cookie)).arrayBuffer()))).toBe(sha256(loadTemplate(NOTICE)))

    const preview = docxText(Buffer.from(await (await fileOf(NOTICE, 1, 'preview', cookie)).arrayBuffer()))
    expect(preview).toContain('ИЗВЕЩЕНИЕ')
    expect(preview).toContain(DEMO_DATA[NOTICE].pupil.fullName)
    expect(docxText(Buffer.from(await (await fileOf(NOTICE, 0, 'preview', cookie)).arrayBuffer()))).toContain('УВЕДОМЛЕНИЕ')

    expect((await fileOf(NOTICE, 7, 'template', cookie)).status).toBe(404)
    expect((await fileOf('nope', 0, 'template', cookie)).status).toBe(404)
    expect((await fileOf(NOTICE, 0, 'exe', cookie)).status).toBe(400)

    if (!isPdfAvailable()) return
    const pdf = await fileOf(NOTICE, 1, 'pdf', cookie)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('Content-Type')).toBe('application/pdf')
    const dir = mkdtempSync(path.join(tmpdir(), 'tpl-pdf-'))
    try {
      writeFileSync(path.join(dir, 'p.pdf'), Buffer.from(await pdf.arrayBuffer()))
      expect(execFileSync('pdftotext', [path.join(dir, 'p.pdf'), '-'], { encoding: 'utf8' })).toContain('ИЗВЕЩЕНИЕ')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000)

  it('refuses a template with a broken tag in Russian, naming the tag and its place; nothing is stored', async () => {
    const cookie = await signIn('admin')
    const before = await db.templateVersion.count()
    const auditBefore = await db.auditEvent.count({ where: { action: 'upload:template' } })

    const unclosed = await upload(
      NOTICE,
      edited(NOTICE, (xml) => xml.replace('{pupil.fullName}', '{pupil.fullName')),
      cookie,
    )
    expect(unclosed.status).toBe(400)
    expect(unclosed.body.ok).toBe(false)
    const issue = unclosed.body.errors[0]
    expect(issue.tag).toMatch(/^\{pupil\.fullName/)
    expect(issue.explanation).toMatch(/Тег «\{pupil\.fullName.*» не закрыт/)
    expect(issue.location).toMatch(/^основной текст.*абзац \d+/)
    expect(await activeOf(NOTICE)).toBe(1)

    const loop = await upload(
      'vypiska',
      edited('vypiska', (xml) => xml.replace('>{/marks}<', '><')),
      cookie,
    )
    expect(loop.status).toBe(400)
    expect(loop.body.errors.map((e: { explanation: string }) => e.explanation).join(' ')).toContain('Раздел «{#marks}» не закрыт')
    expect(loop.body.errors[0].location).toMatch(/таблица, абзац \d+/)
    expect(await activeOf('vypiska')).toBe(0)

    expect(await db.templateVersion.count()).toBe(before)
    expect(await db.auditEvent.count({ where: { action: 'upload:template' } })).toBe(auditBefore)
    expect(docxText((await renderWithActive(await demoSchoolId(), NOTICE, DEMO_DATA[NOTICE])).docx)).toContain('ИЗВЕЩЕНИЕ')
  })

  it('refuses files that are not .docx, too big or already uploaded, in Russian', async () => {
    const cookie = await signIn('admin')
    const before = await db.templateVersion.count()
    const noBody = new PizZip()
    noBody.file('readme.txt', 'не документ')
    const odt = new PizZip()
    odt.file('mimetype', 'application/vnd.oasis.opendocument.text')
    odt.file('content.xml', '<office:document-content/>')
    const cases: Array<[Buffer | string, RegExp]> = [
      ['Просто текст, а не документ Word', /не является документом Word \(\.docx\)/],
      [Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), /старого формата Word \(\.doc\)/],
      [odt.generate({ type: 'nodebuffer' }), /OpenDocument \(\.odt\)/],
      [noBody.generate({ type: 'nodebuffer' }), /нет основного текста документа Word/],
      ['', /^Файл «.+» пустой \(0 байт\): выберите файл ещё раз/],
      [loadTemplate(NOTICE), /совпадает с исходным шаблоном/],
      [
        Buffer.from((await db.templateVersion.findFirstOrThrow({ where: { name: NOTICE, version: 1 } })).content),
        /совпадает с уже загруженной версией 1/,
      ],
      [Buffer.alloc(5 * 1024 * 1024 + 10), /больше 5 МБ/],
      [loadTemplate('vypiska'), /^Похоже, это шаблон другого документа — «Выписка из электронного журнала успеваемости» \(vypiska\.docx\)/],
    ]
    for (const [content, message] of cases) {
      const { status, body } = await upload(NOTICE, content, cookie)
      expect(status).toBe(400)
      expect(body.errors[0].explanation).toMatch(message)
    }
    expect(await db.templateVersion.count()).toBe(before)
    expect(await activeOf(NOTICE)).toBe(1)
  })

  it('rolls back to the shipped template and forward again', async () => {
    const cookie = await signIn('admin')
    const back = await activate(NOTICE, 0, cookie)
    expect(back).toMatchObject({ status: 200, body: { ok: true, message: 'Активен исходный шаблон (версия 0).' } })
    expect(await db.templateVersion.count({ where: { name: NOTICE, active: true } })).toBe(0)
    const shipped = await renderWithActive(await demoSchoolId(), NOTICE, DEMO_DATA[NOTICE])
    expect(shipped.version).toBe(`${NOTICE}@0`)
    expect(docxText(shipped.docx)).toContain('УВЕДОМЛЕНИЕ')

    expect((await activate(NOTICE, 1, cookie)).body).toMatchObject({ ok: true, message: 'Активна версия 1.' })
    expect(docxText((await renderWithActive(await demoSchoolId(), NOTICE, DEMO_DATA[NOTICE])).docx)).toContain('ИЗВЕЩЕНИЕ')
    expect(await db.templateVersion.count()).toBe(1) // activation stores nothing new

    expect((await activate(NOTICE, 9, cookie)).status).toBe(400)
    expect((await activate('nope', 0, cookie)).status).toBe(400)
    expect(await activeOf(NOTICE)).toBe(1)
    const audits = await db.auditEvent.findMany({ where: { action: 'activate:template', entityId: NOTICE }, orderBy: { at: 'asc' } })
    expect(audits.map((a) => JSON.parse(a.data).version)).toEqual([0, 1])
  })

  it('does not let a parent or a teacher see, upload or switch templates (403)', async () => {
    const teacher = await db.user.findFirstOrThrow({
      where: { roles: { some: { role: 'teacher' } }, AND: { roles: { none: { role: 'admin' } } } },
    })
    for (const login of ['parent', teacher.login]) {
      const cookie = await signIn(login)
      expect((await settle(() => loader(args(getRequest('/admin/templates', cookie))))).status).toBe(403)
      expect((await settle(() => action(args(uploadRequest(NOTICE, loadTemplate('vypiska'), cookie))))).status).toBe(403)
      expect(
        (await settle(() => action(args(formRequest('/admin/templates', { intent: 'activate', name: NOTICE, version: '0' }, cookie)))))
          .status,
      ).toBe(403)
      expect((await fileOf(NOTICE, 1, 'template', cookie)).status).toBe(403)
    }
    expect(await activeOf(NOTICE)).toBe(1)
    expect(await db.templateVersion.count()).toBe(1)
  })
  it('stores a template with a mistyped tag but warns that it will print as nothing', async () => {
    const cookie = await signIn('admin')
    const typo = edited('pamyatka', (xml) => xml.replace('{academicYear}', '{academicYaer}'))
    const { status, body } = await upload('pamyatka', typo, cookie)
    expect(status).toBe(200)
    expect(body.warnings).toEqual([
      'Теги, которых нет в исходном шаблоне, напечатаются пустыми — проверьте, нет ли опечатки: {academicYaer}.',
      'Этих тегов исходного шаблона нет — их сведения не напечатаются: {academicYear}.',
    ])
    expect(await activeOf('pamyatka')).toBe(1)
  })
})

describe("every template is the school's to edit, the control documents too", () => {
  it('lists all ten templates and previews each one with its demo data', async () => {
    const cookie = await signIn('admin')
    const listed = await listTemplates(await demoSchoolId())
    expect(listed.map((t) => t.name)).toEqual(expect.arrayContaining(['proverka', 'otchet-aktivnosti']))
    expect(listed).toHaveLength(TEMPLATE_NAMES.length)
    expect(listed.find((t) => t.name === 'proverka')).toMatchObject({ title: 'Справка о результатах проверки', file: 'proverka.docx' })
    expect(listed.find((t) => t.name === 'otchet-aktivnosti')).toMatchObject({
      title: 'Отчёт об активности пользователей ЭЖ',
      file: 'otchet-aktivnosti.docx',
    })
    for (const name of TEMPLATE_NAMES) {
      const preview = await fileOf(name, 0, 'preview', cookie)
      expect(preview.status, name).toBe(200)
      expect(preview.headers.get('Content-Disposition'), name).toContain(encodeURIComponent(TEMPLATE_TITLES[name]))
      const text = docxText(Buffer.from(await preview.arrayBuffer()))
      expect(text, name).not.toMatch(/\{[#^/]?[A-Za-z.$]+\}/)
    }
    expect(docxText(Buffer.from(await (await fileOf('proverka', 0, 'preview', cookie)).arrayBuffer()))).toContain(
      DEMO_DATA.proverka.check.conclusion,
    )
  })

  it('prints the activity report (Положение 7.1) with an uploaded version, and with the shipped file after a rollback', async () => {
    const name = 'otchet-aktivnosti'
    const admin = await signIn('admin')
    const director = await signIn('director')
    const download = async () => {
      const response = await settle(
        () => activityDocxLoader(args(getRequest('/staff/activity/docx?month=2026-10', director))) as Promise<Response>,
      )
      expect(response.status).toBe(200)
      return docxText(Buffer.from(await response.arrayBuffer()))
    }
    expect(await download()).toContain('ОТЧЁТ\n')

    const changed = edited(name, (xml) => xml.replace('>ОТЧЁТ<', '>СВОДКА<'))
    const uploaded = await upload(name, changed, admin, 'Заголовок «Сводка»')
    expect(uploaded).toMatchObject({ status: 200, body: { ok: true, name, warnings: [] } })
    expect(await activeOf(name)).toBe(1)
    const withUpload = await download()
    expect(withUpload).toContain('СВОДКА\n')
    expect(withUpload).not.toContain('ОТЧЁТ\n')
    expect(withUpload).toContain('октябрь 2026 г.')

    expect((await activate(name, 0, admin)).body).toMatchObject({ ok: true })
    const shipped = await download()
    expect(shipped).toContain('ОТЧЁТ\n')
    expect(shipped).not.toContain('СВОДКА')
  })
})
