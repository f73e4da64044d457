// Zip archives from users (a Word template .docx, an Excel book .xlsx) are checked before anything unpacks
// them (issue 13, item 3): a 313 KB file that unpacks to 300 MB, or holds a million entries, is refused. The
// sizes written in the archive's headers may lie, so each entry is also inflated once with a hard ceiling on its
// output (zlib's maxOutputLength) and thrown away; only then do PizZip/ExcelJS open the file.
import { inflateRawSync } from 'node:zlib'
import PizZip from 'pizzip'

const MAX_ZIP_ENTRIES = 2_000
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024

type Entry = { dir: boolean; _data?: { uncompressedSize: number; compressionMethod: string; getCompressedContent: () => Uint8Array } }

/** A Russian reason to refuse the archive, or null (also null when it is not a zip: the caller says so). */
export function zipBombProblem(
  bytes: Uint8Array,
  { maxEntries = MAX_ZIP_ENTRIES, maxUnpackedBytes = MAX_UNPACKED_BYTES } = {},
): string | null {
  let zip: PizZip
  try {
    zip = new PizZip(bytes)
  } catch {
    return null
  }
  const entries = Object.values(zip.files) as unknown as Entry[]
  const tooBig =
    `Архив распаковывается больше чем в ${Math.round(maxUnpackedBytes / 1024 / 1024)} МБ — это не ` +
    'обычный документ. Сохраните файл заново в Word или Excel и загрузите ещё раз.'
  if (entries.length > maxEntries)
    return `В архиве больше ${maxEntries} частей — это не обычный документ. Сохраните файл заново в Word или Excel.`
  let total = 0
  for (const entry of entries) {
    const data = entry._data
    if (entry.dir || !data) continue
    total += data.uncompressedSize
    if (total > maxUnpackedBytes) return tooBig
  }
  let inflated = 0
  for (const entry of entries) {
    const data = entry._data
    if (entry.dir || !data) continue
    const compressed = data.getCompressedContent()
    const isDeflate = data.compressionMethod === '\x08\x00'
    try {
      inflated += isDeflate
        ? inflateRawSync(compressed, { maxOutputLength: Math.max(1, maxUnpackedBytes - inflated) }).length
        : compressed.length
    } catch (error) {
      if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return tooBig
      return null // a broken entry: the reader reports the damage in its own words
    }
    if (inflated > maxUnpackedBytes) return tooBig
  }
  return null
}
