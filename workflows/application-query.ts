// What a staff member typed into «Найти заявление»: a registration number (with or without its year), a receipt
// number as the applicant was given it, or a surname (a pupil's or an applicant's) with, perhaps, a first name.

import { cleanLine } from './text'

type ApplicationQuery =
  | { kind: 'number'; number: number; year: number | null }
  | { kind: 'receipt'; receipt: string }
  | { kind: 'name'; surname: string; firstName: string | null }

/** The longest text read: a search box is not a letter. */
const MAX_QUERY = 100

/**
 * «№ 12», «N12», «12/2026», «12 от 2026» → a registration number; «квит. 20261207-ab12cd» → a receipt number;
 * «Иванова», «иванова мария» → a surname and a first name. Null when nothing searchable is left (one letter,
 * punctuation, a number too long to be one).
 */
export function readApplicationQuery(typed: string): ApplicationQuery | null {
  // Cleaned as a stored text is (cleanLine): a zero-width space or a soft hyphen inside «Ива\u200bнова» is no break
  // between two words; every Unicode space (no-break, thin, ideographic) is one.
  const text = cleanLine(typed).replace(/\s+/g, ' ').trim()
  if (!text || text.length > MAX_QUERY) return null
  const receipt = /^(?:квит(?:анция)?\.?\s*)?(?:№\s*)?(\d{8})\s*[-–—]\s*([0-9a-f]{6})$/i.exec(text)
  if (receipt) return { kind: 'receipt', receipt: `${receipt[1]}-${receipt[2]!.toUpperCase()}` }
  const number = /^(?:рег(?:истрационный)?\.?\s*)?(?:№|n|no\.?|номер)?\s*(\d{1,7})(?:\s*(?:\/|-|от)\s*(\d{4})(?:\s*г\.?)?)?$/i.exec(text)
  if (number) {
    const year = number[2] ? Number(number[2]) : null
    return { kind: 'number', number: Number(number[1]), year: year && year >= 2000 && year <= 2100 ? year : null }
  }
  const words = text.split(' ').filter((w) => /\p{L}/u.test(w))
  const [surname, firstName] = words.map((w) => w.replace(/[^\p{L}\p{M}'’-]/gu, '')).filter(Boolean)
  if (!surname || surname.length < 2) return null
  return { kind: 'name', surname, firstName: firstName ?? null }
}
