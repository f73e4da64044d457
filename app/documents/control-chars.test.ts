// ADR 027: data never refuses a document. Journal rows and registration-log rows stored before the input
// boundaries cleaned text are rendered escaped; the real templates are rendered and read back.
import PizZip from 'pizzip'
import { describe, expect, it } from 'vitest'
import { DEMO_EXTRACT, DEMO_REGISTRATION_LOG } from './demo-data'
import { compileTemplate } from './compiled-template.server'
import { describeDataPath, escapeDocumentData, findControlPath } from './escape-data'
import { loadTemplate, renderDocx, renderTemplate } from './render.server'
import { DocumentDataError } from './template-errors'

const xmlOf = (docx: Buffer) => new PizZip(docx, { checkCRC32: true }).file('word/document.xml')!.asText()
const XML_FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/

describe('a control character in the data', () => {
  it('an extract whose lesson topic holds Word’s manual line break (U+000B) renders, the break as <w:br/>', () => {
    const topics = DEMO_EXTRACT.topics.map((t, i) => (i === 2 ? { ...t, topic: 'Дроби\u000bи проценты\u0001' } : t))
    const docx = renderTemplate('vypiska', { ...DEMO_EXTRACT, topics })
    const xml = xmlOf(docx)
    expect(xml).not.toMatch(XML_FORBIDDEN)
    expect(xml).toContain('Дроби</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space="preserve">и проценты␁</w:t>')
  })

  it('the registration log with U+0001 in an applicant’s address (a stored row) renders it visibly as «␁»', () => {
    const rows = DEMO_REGISTRATION_LOG.rows.map((r, i) =>
      i === 0 ? { ...r, applicantContact: 'г. Саратов,\u0001 ул. Мира\uFFFF', applicantName: 'Иванова\u001fАнна' } : r,
    )
    const xml = xmlOf(renderTemplate('zhurnal-registracii', { ...DEMO_REGISTRATION_LOG, rows }))
    expect(xml).not.toMatch(XML_FORBIDDEN)
    expect(xml).toContain('г. Саратов,␁ ул. Мира\uFFFD')
    expect(xml).toContain('Иванова␟Анна')
  })

  it('escaping copies only what changes and leaves the caller’s data as it was', () => {
    const data = { a: { b: 'ok' }, rows: [{ t: 'x\u0001' }, { t: 'y' }] }
    const out = escapeDocumentData(data)
    expect(out).toEqual({ a: { b: 'ok' }, rows: [{ t: 'x␁' }, { t: 'y' }] })
    expect(out.a).toBe(data.a)
    expect(out.rows[1]).toBe(data.rows[1])
    expect(data.rows[0].t).toBe('x\u0001')
    const clean = { a: 'b' }
    expect(escapeDocumentData(clean)).toBe(clean)
  })

  it('if the unescaped data ever reaches the renderer, the message names the data and the row, not the template', () => {
    const compiled = compileTemplate(loadTemplate('vypiska'), 'vypiska')
    const topics = DEMO_EXTRACT.topics.map((t, i) => (i === 4 ? { ...t, topic: 'a\u0001' } : t))
    const data = { ...DEMO_EXTRACT, topics }
    expect(findControlPath(data)).toBe('topics[4].topic')
    expect(describeDataPath('topics[4].topic')).toBe('поле «topic», строка 5 списка «topics»')
    let error: unknown
    try {
      compiled.render(data, 'vypiska')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DocumentDataError)
    expect((error as Error).message).toBe(
      'Документ «vypiska» не сформирован из-за данных, а не шаблона: недопустимый символ в ' +
        'данных (поле «topic», строка 5 списка «topics»). Исправьте эту запись.',
    )
    expect((error as Error).message).not.toMatch(/Шаблон/)
    // …and through the real entry point the same data renders.
    expect(() => renderDocx(loadTemplate('vypiska'), data, 'vypiska')).not.toThrow()
  })
})
