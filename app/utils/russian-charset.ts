// Which 8-bit Russian charset a text is in, when nothing says it or what says it is wrong: a letter from an old
// mailer, a CSV saved by Excel or 1C on Russian Windows, a KOI8-R export from an old Linux server, a DOS-era cp866
// file. One reading for the mail and the import. The bytes are read in each charset and the reading that looks most
// like Russian wins: Russian letters by how often Russian text uses them (a wrong charset turns «о», «е», «а» into
// «н», «ф», «ъ» or into box-drawing signs), and a small letter followed by a capital inside a word counted against
// (KOI8-R read as windows-1251 swaps the cases: «Фамилия» → «жБНЙМЙС»). Text in capitals only reads right too.
import iconv from 'iconv-lite'

type RussianCharset = 'windows-1251' | 'koi8-r' | 'ibm866'
const CHARSETS: RussianCharset[] = ['windows-1251', 'koi8-r', 'ibm866']

/** Per mille of letters in Russian prose (ё with е). */
const FREQUENCY: Record<string, number> = {
  о: 110,
  е: 85,
  а: 80,
  и: 74,
  н: 67,
  т: 63,
  с: 55,
  р: 47,
  в: 45,
  л: 44,
  к: 35,
  м: 32,
  д: 30,
  п: 28,
  у: 26,
  я: 20,
  ы: 19,
  ь: 17,
  г: 17,
  з: 16,
  б: 16,
  ч: 14,
  й: 12,
  х: 10,
  ж: 9,
  ш: 7,
  ю: 6,
  ц: 5,
  щ: 4,
  э: 3,
  ф: 3,
  ъ: 0.4,
  ё: 1,
}
/** What a character outside the Russian alphabet and ASCII costs (a box-drawing sign, «Ђ», «‰»…). */
const FOREIGN = Math.log(0.0001)
const SWAPPED_CASE = Math.log(0.01)

/** How Russian a text reads: the higher the more (0 for ASCII only). */
export function russianScore(text: string): number {
  let score = 0
  let previousSmall = false
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) {
      previousSmall = false
      continue
    }
    const lower = ch.toLowerCase()
    const frequency = FREQUENCY[lower]
    if (frequency === undefined) {
      score += ch === '«' || ch === '»' || ch === '—' || ch === '–' || ch === '№' || ch === '\u00a0' ? 0 : FOREIGN
      previousSmall = false
      continue
    }
    score += Math.log(frequency / 1000)
    const small = lower === ch
    if (previousSmall && !small) score += SWAPPED_CASE
    previousSmall = small
  }
  return score
}

/** What is read to tell the charset: 64 KB say it as well as 10 MB, which took seconds of the event loop to score. */
const SAMPLE_BYTES = 64 * 1024
export const charsetSample = (bytes: Uint8Array): Buffer => Buffer.from(bytes.subarray(0, SAMPLE_BYTES))

/** The charset among windows-1251, KOI8-R and cp866 whose reading of the bytes looks most like Russian. */
export function guessRussianCharset(bytes: Uint8Array): RussianCharset {
  const sample = charsetSample(bytes)
  let best: RussianCharset = 'windows-1251'
  let bestScore = -Infinity
  for (const charset of CHARSETS) {
    const score = russianScore(iconv.decode(sample, charset))
    if (score > bestScore) [best, bestScore] = [charset, score]
  }
  return best
}
