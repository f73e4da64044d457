import PizZip from 'pizzip'

const PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'

function bodyOf(xml: string): { before: string; inner: string; sectPr: string; after: string } {
  const open = xml.indexOf('<w:body>')
  const close = xml.lastIndexOf('</w:body>')
  if (open < 0 || close < 0) throw new Error('В документе нет тела <w:body>')
  let inner = xml.slice(open + '<w:body>'.length, close)
  const sect = inner.lastIndexOf('<w:sectPr')
  let sectPr = ''
  if (sect >= 0) {
    sectPr = inner.slice(sect)
    inner = inner.slice(0, sect)
  }
  return { before: xml.slice(0, open + '<w:body>'.length), inner, sectPr, after: xml.slice(close) }
}

/**
 * One Word document from several made from our templates (same styles, no images): the bodies one after another,
 * each from a new page, with the first document's page settings. Used for the parent-meeting kit.
 */
export function concatDocx(docs: Buffer[]): Buffer {
  if (docs.length === 0) throw new Error('Нет документов для объединения')
  const first = new PizZip(docs[0])
  const head = bodyOf(first.file('word/document.xml')!.asText())
  const bodies = [head.inner, ...docs.slice(1).map((d) => bodyOf(new PizZip(d).file('word/document.xml')!.asText()).inner)]
  first.file('word/document.xml', `${head.before}${bodies.join(PAGE_BREAK)}${head.sectPr}${head.after}`)
  return first.generate({ type: 'nodebuffer', compression: 'DEFLATE' })
}
