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

  it('a part docxtemplater compiles by [Content_Types].xml is checked whatever its name (review: «.bin», a trailing space)', async () => {
    const FOOTER = 'application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml'
    const bigXml = `<?xml version="1.0"?><w:ftr>${PARAGRAPH.repeat(Math.ceil((2.2 * 1024 * 1024) / PARAGRAPH.length))}</w:ftr>`
    const asFooter = (zip: PizZip, part: string, body: string) => {
      zip.file(part, body)
      const types = zip.file('[Content_Types].xml')!.asText()
      zip.file('[Content_Types].xml', types.replace('</Types>', `<Override PartName="/${part}" ContentType="${FOOTER}"/></Types>`))
    }
    const bin = await tryUpload(shippedWith((zip) => asFooter(zip, 'word/footer9.bin', bigXml)))
    expect([bin.ok, bin.stored]).toEqual([false, 0])
    expect(bin.explanation).toMatch(/^Часть шаблона «word\/footer9\.bin» — 2,\d МБ текста разметки/)

    const byDefault = await tryUpload(
      shippedWith((zip) => {
        zip.file('word/footer9.dat', bigXml)
        const types = zip.file('[Content_Types].xml')!.asText()
        zip.file('[Content_Types].xml', types.replace('</Types>', '<Default Extension="dat" ContentType="application/xml"/></Types>'))
      }),
    )
    expect(byDefault.explanation).toMatch(/^Часть шаблона «word\/footer9\.dat» — 2,\d МБ/)

    const spaced = await tryUpload(shippedWith((zip) => asFooter(zip, 'word/footer9.xml ', bigXml)))
    expect([spaced.ok, spaced.stored]).toEqual([false, 0])
    expect(spaced.explanation).toMatch(/^В архиве шаблона есть часть с недопустимым именем \(«word\/footer9\.xml »\)/)

    const field =
      '<?xml version="1.0"?><w:ftr><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>INCLUDEPICTURE ' +
      '"http://127.0.0.1:9/x.png"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>'
    const fetching = await tryUpload(shippedWith((zip) => asFooter(zip, 'word/footer9.bin', field)))
    expect([fetching.ok, fetching.stored]).toEqual([false, 0])
    expect(fetching.explanation).toMatch(/^В шаблоне есть поле INCLUDEPICTURE/)

    const doctype = await tryUpload(
      shippedWith((zip) => asFooter(zip, 'word/footer9.bin', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "y">]><w:ftr/>')),
    )
    expect(doctype.explanation).toMatch(/^В части шаблона «word\/footer9\.bin» есть объявление DOCTYPE или ENTITY/)

    const rels = await tryUpload(
      shippedWith((zip) =>
        zip.file(
          'word/_rels/footer9.xml.RELS',
          '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" ' +
            'Target="http://127.0.0.1:9/x.png" TargetMode="External"/></Relationships>',
        ),
      ),
    )
    expect([rels.ok, rels.stored]).toEqual([false, 0])
    expect(rels.explanation).toMatch(/^В шаблоне есть часть, которая загружается из внешнего источника/)
  })

  it('a part in UTF-16 (where a DOCTYPE is not seen in its bytes) is refused in Russian', async () => {
    const xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:ftr/>'
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')])
    const be = Buffer.from(le).swap16()
    for (const bytes of [le, be, Buffer.from(xml, 'utf16le')]) {
      const { ok, explanation, stored } = await tryUpload(shippedWith((zip) => zip.file('word/footer9.xml', bytes)))
      expect([ok, stored]).toEqual([false, 0])
      expect(explanation).toMatch(/^Часть шаблона «word\/footer9\.xml» не в кодировке UTF-8: сохраните шаблон в Word заново/)
    }
  })

  it('a template with a few hundred kilobytes of text is accepted as before', async () => {
    const { ok, stored } = await tryUpload(shippedWith((zip) => grow(zip, 'word/document.xml', 300 * 1024)))
    expect([ok, stored]).toEqual([true, 1])
  })
})
