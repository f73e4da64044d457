import PizZip from 'pizzip'

/** The visible text of a .docx, paragraphs separated by new lines (what Word would show). */
export function docxText(buf: Buffer | Uint8Array): string {
  const xml = new PizZip(Buffer.from(buf)).file('word/document.xml')!.asText()
  return xml
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&apos;/g, "'")
}
