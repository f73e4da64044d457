// ADR 094: a template version stored before the active-content check (a school upgraded from an older release) is
// checked before it is used: a document is made from the shipped template instead, the version is set aside (no
// longer active, the reason kept), cannot be made active again nor filled in as an example, and the administrator
// is told in Russian on the templates page and the administration's home page.
import PizZip from 'pizzip'
import { describe, expect, it } from 'vitest'
import { loadActiveTemplate } from '#app/documents/template-store.server'
import { loadTemplate, sha256 } from '#app/documents/render.server'
import { ensurePdfCopy } from '#app/documents/pdf-copy.server'
import { activateVersion, previewTemplate } from '#app/models/templates.server'
import * as templatesPage from '#app/routes/admin.templates._index'
import * as adminHome from '#app/routes/admin._index'
import { db } from '#app/utils/db.server'
import { signIn } from '#tests/helpers/auth'
import { getRequest, settle } from '#tests/helpers/http'

const NAME = 'vypiska'

/** The shipped template with a picture Word (and LibreOffice) would fetch from an address when it updates fields. */
function withIncludePicture(): Buffer {
  const zip = new PizZip(loadTemplate(NAME))
  const xml = zip.file('word/document.xml')!.asText()
  zip.file(
    'word/document.xml',
    xml.replace(
      /<w:sectPr\b/,
      '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>' +
        '<w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "http://10.0.0.5/x.png" \\d </w:instrText></w:r>' +
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p><w:sectPr',
    ),
  )
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' })
}

/** As an older release stored it: active, no check run on it. */
async function storeOldVersion(schoolId: string, content: Buffer, version: number) {
  await db.templateVersion.updateMany({ where: { schoolId, name: NAME, active: true }, data: { active: false } })
  return db.templateVersion.create({
    data: {
      schoolId,
      name: NAME,
      version,
      content: new Uint8Array(content),
      sha256: sha256(content),
      active: true,
      uploadedBy: 'Старая версия',
    },
  })
}

describe('a template stored before the active-content check', () => {
  it('is set aside at its first use: the document is made from the shipped template', async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const row = await storeOldVersion(admin.schoolId, withIncludePicture(), 1)

    const used = await loadActiveTemplate(NAME, admin.schoolId)
    expect(used.version).toBe(`${NAME}@0`)
    expect(used.buffer.equals(loadTemplate(NAME))).toBe(true)
    const after = await db.templateVersion.findUniqueOrThrow({ where: { id: row.id } })
    expect(after.active).toBe(false)
    expect(after.setAsideReason).toMatch(/^В шаблоне есть поле INCLUDEPICTURE, которое загружает внешние данные/)
    expect(await db.auditEvent.count({ where: { action: 'set-aside:template', entityId: NAME } })).toBe(1)
    // Used again: still the shipped file, no second audit row.
    expect((await loadActiveTemplate(NAME, admin.schoolId)).version).toBe(`${NAME}@0`)
    expect(await db.auditEvent.count({ where: { action: 'set-aside:template', entityId: NAME } })).toBe(1)

    // It cannot be made active again, nor filled in as an example (LibreOffice would fetch the picture).
    const again = await activateVersion(NAME, 1, admin.id)
    expect(again).toEqual({
      ok: false,
      message: expect.stringMatching(/^Версию 1 нельзя сделать активной: В шаблоне есть поле INCLUDEPICTURE/),
    })
    expect((await db.templateVersion.findUniqueOrThrow({ where: { id: row.id } })).active).toBe(false)
    expect(await db.auditEvent.count({ where: { action: 'activate:template', entityId: NAME } })).toBe(0)
    expect(await previewTemplate(admin.schoolId, NAME, 1, { pdf: true })).toEqual({
      refused: expect.stringMatching(/^Пример версии 1 не создаётся: В шаблоне есть поле INCLUDEPICTURE/),
    })
  })

  it('is found before any use and the administrator is told in Russian, on the home page and the templates page', async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const zip = new PizZip(loadTemplate(NAME))
    zip.file('word/vbaProject.bin', 'macros')
    const row = await storeOldVersion(admin.schoolId, zip.generate({ type: 'nodebuffer' }), 2)
    const cookie = await signIn('admin')
    const home = await (await settle(() => adminHome.loader({ request: getRequest('/admin', cookie), params: {}, context: {} }))).json()
    expect(home.templateWarning).toMatch(
      /^Проверка безопасности отключила версии шаблонов: «.+», версия 2\. Документы печатаются по исходному/,
    )
    expect((await db.templateVersion.findUniqueOrThrow({ where: { id: row.id } })).active).toBe(false)
    const page = await (
      await settle(() => templatesPage.loader({ request: getRequest('/admin/templates', cookie), params: {}, context: {} }))
    ).json()
    const vypiska = page.templates.find((t: { name: string }) => t.name === NAME)
    expect(vypiska.activeVersion).toBe(0)
    expect(vypiska.versions.find((v: { version: number }) => v.version === 2).setAsideReason).toMatch(
      /^В шаблоне есть макросы или элементы ActiveX/,
    )

    // A sound version uploaded later is used as before.
    const sound = new PizZip(loadTemplate(NAME))
    sound.file('docProps/custom-note.xml', '<note/>')
    await storeOldVersion(admin.schoolId, sound.generate({ type: 'nodebuffer', compression: 'DEFLATE' }), 3)
    expect((await loadActiveTemplate(NAME, admin.schoolId)).version).toBe(`${NAME}@3`)
    const later = await (await settle(() => adminHome.loader({ request: getRequest('/admin', cookie), params: {}, context: {} }))).json()
    expect(later.templateWarning).toBeNull()
  })
})

describe('a Word file made earlier from a version now set aside (review 3, finding 6)', () => {
  it('gets no PDF copy: LibreOffice would follow its fields', async () => {
    const school = await db.school.findFirstOrThrow()
    await db.templateVersion.create({
      data: {
        schoolId: school.id,
        name: NAME,
        version: 77,
        content: new Uint8Array(loadTemplate(NAME)),
        sha256: 'x',
        setAsideReason: 'INCLUDEPICTURE',
        setAsideAt: new Date(),
      },
    })
    const doc = await db.storedDocument.create({
      data: {
        schoolId: school.id,
        kind: 'answer',
        fileName: 'ответ.docx',
        mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        templateVersion: `${NAME}@77`,
        sha256: 'y',
        content: new Uint8Array(loadTemplate(NAME)),
        sourceKey: 'review3:set-aside',
      },
    })
    expect(await ensurePdfCopy(doc.id)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^PDF-копия не делается: документ составлен по версии шаблона, отложенной/),
    })
    expect(await db.storedDocument.count({ where: { sourceKey: 'review3:set-aside:pdf' } })).toBe(0)
  })
})
