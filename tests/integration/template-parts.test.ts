// A template is a zip the administrator uploads and every letter carries to parents: checked before docxtemplater
// reads it (found by uploading over HTTP, session 23). An entry named out of the archive («../», a backslash, an
// absolute path), an XML part too large to render (a 56 МБ document.xml inside the zip limits took the server down
// with «heap out of memory»), a DOCTYPE or ENTITY (XXE, «billion laughs»; docxtemplater answered in English) — each
// refused in Russian, nothing stored, quickly.
import PizZip from 'pizzip'
import { describe, expect, it } from 'vitest'
import { loadTemplate } from '#app/documents/render.server'
import { uploadTemplateVersion } from '#app/models/templates.server'
import { db } from '#app/utils/db.server'

const NAME = 'vypiska'

function shippedWith(edit: (zip: PizZip) => void): Buffer {
  const zip = new PizZip(loadTemplate(NAME))
  edit(zip)
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' })
}

const PARAGRAPH = '<w:p><w:r><w:t>а</w:t></w:r></w:p>'
/** document.xml grown by `bytes` of plain paragraphs before the body's end (valid XML a render would compile). */
const grow = (zip: PizZip, part: string, bytes: number) =>
  zip.file(
    part,
    zip
      .file(part)!
      .asText()
      .replace(/<w:sectPr\b/, `${PARAGRAPH.repeat(Math.ceil(bytes / PARAGRAPH.length))}<w:sectPr`),
  )

async function tryUpload(file: Buffer) {
  const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
  const before = await db.templateVersion.count()
  const started = Date.now()
  const result = await uploadTemplateVersion(NAME, file, admin.id)
  const explanation = result.ok ? '' : result.errors.map((e) => e.explanation).join(' ')
  return { ok: result.ok, explanation, stored: (await db.templateVersion.count()) - before, ms: Date.now() - started }
}

describe('a template’s parts are checked before it is read', () => {
  it('an entry named out of the archive is refused: «../», an absolute path, a backslash, a drive, a control character', async () => {
    for (const name of [
      '../../../../tmp/evil.txt',
      'word/../../evil.xml',
      '/etc/cron.d/x',
      'word\\..\\..\\evil.txt',
      'C:/x.txt',
      'word/a\u0001.xml',
    ]) {
      const { ok, explanation, stored } = await tryUpload(shippedWith((zip) => zip.file(name, 'evil')))
      expect([name, ok, stored]).toEqual([name, false, 0])
      expect(explanation).toMatch(/^В архиве шаблона есть часть с недопустимым именем \(«.+»\): Word такие не сохраняет/)
    }
  })

  it('a DOCTYPE or an ENTITY in a part is refused in Russian (Word refuses a DTD; an external entity reads files)', async () => {
    const withDoctype = (declaration: string, use: string) =>
      shippedWith((zip) =>
        zip.file(
          'word/document.xml',
          zip
            .file('word/document.xml')!
            .asText()
            .replace(/^(<\?xml[^>]*\?>)/, `$1${declaration}`)
            .replace(/(<w:t(?: [^>]*)?>)/, `$1${use}`),
        ),
      )
    const external = withDoctype('<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;')
    let laughs = '<!ENTITY l0 "lol">'
    for (let i = 1; i < 10; i++) laughs += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`
    const billion = withDoctype(`<!DOCTYPE w:document [${laughs}]>`, '&l9;')
    // Declared and never used: docxtemplater accepted it, Word and LibreOffice do not open the letter.
    const unused = withDoctype('<!DOCTYPE w:document [<!ENTITY x "y">]>', '')
    for (const file of [external, billion, unused]) {
      const { ok, explanation, stored } = await tryUpload(file)
      expect([ok, stored]).toEqual([false, 0])
      expect(explanation).toMatch(/^В части шаблона «word\/document\.xml» есть объявление DOCTYPE или ENTITY/)
      expect(explanation).not.toMatch(/[a-z]{4,} [a-z]{4,}/) // no English of the parser's
    }
  })

  it('an XML part over 2 МБ, or all of them over 4 МБ, is refused before it is compiled (a larger one took the server down)', async () => {
    const big = await tryUpload(shippedWith((zip) => grow(zip, 'word/document.xml', 2.2 * 1024 * 1024)))
    expect([big.ok, big.stored]).toEqual([false, 0])
    expect(big.explanation).toMatch(/^Часть шаблона «word\/document\.xml» — 2,\d МБ текста разметки \(больше 2,0 МБ\)/)
    // Compiling 2 МБ of XML took seconds; the check does not compile it.
    expect(big.ms).toBeLessThan(1500)

    const spread = await tryUpload(
      shippedWith((zip) => {
        grow(zip, 'word/document.xml', 1.5 * 1024 * 1024)
        for (const n of [1, 2]) zip.file(`word/extra${n}.xml`, `<?xml version="1.0"?><x>${'а'.repeat(800 * 1024)}</x>`)
      }),
    )
    expect([spread.ok, spread.stored]).toEqual([false, 0])
    expect(spread.explanation).toMatch(/^Разметка шаблона вместе больше 4,0 МБ/)
  })

  it('a template with a few hundred kilobytes of text is accepted as before', async () => {
    const { ok, stored } = await tryUpload(shippedWith((zip) => grow(zip, 'word/document.xml', 300 * 1024)))
    expect([ok, stored]).toEqual([true, 1])
  })
})
