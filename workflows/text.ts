// Text as people paste it: the one place that decides which characters may be stored (ADR 027).
// XML 1.0 — and so every Word document we render — cannot hold U+0000–U+001F except tab, line feed and carriage
// return, nor U+FFFE/U+FFFF or a lone surrogate. They arrive from Word's manual line break (U+000B), page break
// (U+000C), copy-paste from PDFs and terminals, and from anyone probing the forms; once stored they break the
// documents that print them (the registration log is hash-chained: its rows cannot be fixed afterwards).
// Every input boundary normalises text with these functions (through the zod helpers below where there is a
// schema): line-like characters become a space or a line break, the invisible rest is removed. No server imports:
// the browser's forms use the same schemas.
import { own } from './own'
import { z } from './zod'

/** Characters no stored text may hold: C0 controls except tab/LF/CR, U+FFFE, U+FFFF. */
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/
/** Breaks a paste may carry: CR LF, CR, vertical tab (Word's Shift+Enter), form feed, NEL, U+2028/U+2029. */
const BREAKS = /\r\n|[\r\x0B\x0C\x85\u2028\u2029]/g
const INVISIBLE = /[\x00-\x08\x0E-\x1F\uFFFE\uFFFF]/g

// A surrogate pair, or a lone surrogate (a string cut in the middle of an emoji). Written without lookbehind or
// String.prototype.isWellFormed so that older browsers run the forms' schemas too.
const SURROGATES = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g
/** True when the text holds half of a surrogate pair (Prisma's query compiler refuses such a string, too). */
export function hasLoneSurrogate(value: string): boolean {
  if (!/[\uD800-\uDFFF]/.test(value)) return false
  for (const m of value.matchAll(SURROGATES)) if (m[0].length === 1) return true
  return false
}

function wellFormed(value: string): string {
  return /[\uD800-\uDFFF]/.test(value) ? value.replace(SURROGATES, (s) => (s.length === 2 ? s : '\uFFFD')) : value
}

/** True when the text holds a character no stored text may hold (or a lone surrogate). */
export function hasControlChars(value: string): boolean {
  return FORBIDDEN.test(value) || hasLoneSurrogate(value)
}

/**
 * Invisible characters a paste carries into names and addresses — zero-width space, word joiner, byte order mark,
 * Word's soft hyphen (U+00AD), zero-width non-joiner (U+200C), the direction marks and bidi embeddings, overrides
 * and isolates a browser copies from a right-to-left page (U+200E/U+200F, U+202A–U+202E, U+2066–U+2069): an address
 * of nothing but them looked filled in, and «Ива<U+00AD>нов» is not «Иванов» to a search. Removed, like the controls.
 */
const ZERO_WIDTH = /[\u00AD\u200B\u200C\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g
/**
 * The zero-width joiner (U+200D) is removed too, except between two emoji, where it builds one picture (👨‍👩‍👧):
 * a note may hold that, and a name refuses emoji anyway. No lookbehind, for older browsers.
 */
const JOINER = /(\p{Extended_Pictographic}(?:\uFE0F|[\u{1F3FB}-\u{1F3FF}])?\u200D)(?=\p{Extended_Pictographic})|\u200D/gu
const INVISIBLE_TEST = /[\r\x85\u2028\u2029\u00AD\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/

/**
 * A multi-line field (an address, a note, a lesson topic): every kind of line break becomes «\n», tabs stay,
 * other control characters and zero-width ones are removed; letters are composed (NFC: «и» + U+0306 from a PDF's
 * copy is «й», as typed).
 */
export function cleanMultiline(value: string): string {
  const plain = !hasControlChars(value) && !INVISIBLE_TEST.test(value)
  const cleaned = plain
    ? value
    : wellFormed(value)
        .replace(BREAKS, '\n')
        .replace(INVISIBLE, '')
        .replace(ZERO_WIDTH, '')
        .replace(JOINER, (_, emoji?: string) => emoji ?? '')
  return /[^\x00-\x7F]/.test(cleaned) ? cleaned.normalize('NFC') : cleaned
}

/** A single-line field (a name, a class, a subject): tabs and line breaks become one space, the rest is removed. */
export function cleanLine(value: string): string {
  const cleaned = cleanMultiline(value)
  return /[\t\n]/.test(cleaned) ? cleaned.replace(/[\t\n]+/g, ' ') : cleaned
}

/**
 * The first `max` UTF-16 units of a text, never half of a surrogate pair: a cut inside an emoji drops the whole emoji
 * (a lone surrogate cannot be stored: Prisma refuses the query, and Word's XML the document).
 */
export function clip(value: string, max: number): string {
  if (value.length <= max) return value
  const last = value.charCodeAt(max - 1)
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max)
}

/** What a cleaning changed, for a warning: «символ U+000B (разрыв строки) заменён…». */
export function describeControlChars(value: string): string {
  const found = new Set<string>()
  for (const ch of value) {
    const code = ch.codePointAt(0)!
    if (FORBIDDEN.test(ch) || (code >= 0xd800 && code <= 0xdfff)) found.add(`U+${code.toString(16).toUpperCase().padStart(4, '0')}`)
  }
  return [...found].join(', ')
}

/**
 * For readers of rows stored before the boundaries cleaned them (the registration log, journal rows): a line-like
 * control becomes a line break, any other one its visible Unicode picture (U+0001 → «␁»), U+FFFE/U+FFFF and lone
 * surrogates «�». Only the rendering changes: the stored value — and the log's hash over it — stays as it is.
 */
export function escapeControlChars(value: string): string {
  if (!hasControlChars(value)) return value
  return wellFormed(value)
    .replace(/[\x0B\x0C]/g, '\n')
    .replace(/[\x00-\x08\x0E-\x1F]/g, (ch) => String.fromCharCode(0x2400 + ch.charCodeAt(0)))
    .replace(/[\uFFFE\uFFFF]/g, '\uFFFD')
}

/**
 * A word of a name that mixes alphabets — «Ермaков» with a Latin «a», «Пeтров» with a Latin «e», «Иванοв» with a
 * Greek «ο»: a look-alike typed on the wrong layout or pasted. Stored, it is another person to every search and match
 * (an import made a second pupil of it). cleanName corrects the look-alikes first (cyrillicLookalikes, ADR 097): what
 * this still finds is a letter no Russian one looks like. A name wholly in Latin letters is a name; so is a Tatar «Гүзәл» (Cyrillic
 * letters all) and «Дʼарк» (the modifier apostrophe belongs to no alphabet).
 */
const ALPHABETS = [/\p{Script=Cyrillic}/u, /\p{Script=Latin}/u, /\p{Script=Greek}/u, /\p{Script=Armenian}/u, /\p{Script=Georgian}/u]
export function mixesScripts(value: string): boolean {
  if (/^[\x00-\x7F]*$/.test(value)) return false
  return value.split(/[\s'’ʼ.-]+/).some((word) => ALPHABETS.filter((alphabet) => alphabet.test(word)).length > 1)
}

/**
 * Latin (and Greek) letters that look exactly like Russian ones, and the Russian letter each one is taken for: what
 * a keyboard left on the wrong layout, a phone's autocorrect or a paste from a scan puts into «Ивaнов», «Пeтрова»,
 * «COШ». Only true look-alikes: «k», «u», «n», «r» are not taken for «к», «и», «п», «г».
 */
const LOOKALIKES: Record<string, string> = {
  a: 'а',
  c: 'с',
  e: 'е',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
  ë: 'ё',
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
  Ë: 'Ё',
  ο: 'о',
  α: 'а',
  ρ: 'р',
  Α: 'А',
  Β: 'В',
  Ε: 'Е',
  Η: 'Н',
  Κ: 'К',
  Μ: 'М',
  Ο: 'О',
  Ρ: 'Р',
  Τ: 'Т',
  Χ: 'Х',
}
const FOREIGN = /[\p{Script=Latin}\p{Script=Greek}]/u
const FOREIGN_ALL = /[\p{Script=Latin}\p{Script=Greek}]/gu
/** The Russian letters a Latin or Greek one looks like: a word of only these and Latin ones may as well be Latin. */
const TWINNED = new Set(Object.values(LOOKALIKES))
/**
 * A Russian word: one with a Russian letter no Latin one looks like («и», «в», «н», «ш», «к»), or, when every Russian
 * letter has a Latin twin, at least as many Russian letters as Latin ones («AННA»). «Сox», «Рope», «СOCA» with one
 * Russian «С» or «Р» are Latin words with a slip: mixesScripts refuses them rather than make «Сох» of them.
 */
function russianWord(word: string): boolean {
  const russian = word.match(/\p{Script=Cyrillic}/gu) ?? []
  if (russian.some((ch) => !TWINNED.has(ch))) return true
  return russian.length > 0 && russian.length >= (word.match(FOREIGN_ALL) ?? []).length
}

/**
 * A word otherwise written in Russian letters with its Latin or Greek look-alikes read as the Russian letters they
 * look like (ADR 097): «Ивaнов» → «Иванов», «COШ» → «СОШ», «ИBAHOB» → «ИВАНОВ». A word is a run of letters: the
 * parts of «Иванова-Пeтрова» are read each on its own. A word with no Russian letter («Smith», «5A»), with a Latin
 * letter no Russian one looks like («Ивanов»: «n»), or mostly Latin with Russian letters that all have Latin twins
 * («Сox», «Рope», «СOCA» with a Russian «С» or «Р»: russianWord), stays as typed — mixesScripts still refuses the
 * latter two.
 * A lone letter in a Russian text is Russian where nothing else can be meant (loneLookalikes, ADR 106): an initial
 * («Петрова A.C.» → «Петрова А.С.») and a letter after a Russian abbreviation («гр. A», «корп. B»).
 * Expects composed text (cleanLine's NFC: «e» + U+0308 is «ë»).
 */
export function cyrillicLookalikes(value: string): string {
  if (!FOREIGN.test(value) || !/\p{Script=Cyrillic}/u.test(value)) return value
  const words = value.replace(/[\p{L}\p{M}]+/gu, (word) => {
    if (!FOREIGN.test(word) || !russianWord(word)) return word
    const foreign = word.match(FOREIGN_ALL) ?? []
    return foreign.every((ch) => own(LOOKALIKES, ch)) ? word.replace(FOREIGN_ALL, (ch) => own(LOOKALIKES, ch) ?? ch) : word
  })
  return loneLookalikes(words)
}

/** A letter standing alone (no letter, digit or mark beside it) that has a Russian twin. */
const LONE = /(^|[^\p{L}\p{N}\p{M}])([aceopxyëABCEHKMOPTXËοαρΑΒΕΗΚΜΟΡΤΧ])(?=$|[^\p{L}\p{N}\p{M}])/gu
/** Two Latin letters: the start of a Latin word. */
const LATIN_WORD = /^\s?\p{Script=Latin}{2}/u
/** A capital one, as an initial is written. */
const CAPITAL = /^\p{Lu}$/u
/** The end of a Russian abbreviation right before a letter: «гр. », «корп.», «лит. ». */
const AFTER_ABBREVIATION = /\p{Script=Cyrillic}\.\s*$/u

/**
 * Lone look-alike letters of a text that has Russian words (ADR 106): a capital followed by a dot is an initial
 * («Петрова A.C.», «A. C. Петрова»), a letter right after a Russian abbreviation is a Russian letter («гр. A», «корп.
 * B», «лит. a»). Other lone letters stay: «Язык C», «C++», «план A», «д. 5A», «e-mail».
 */
function loneLookalikes(value: string): string {
  if (!/\p{Script=Cyrillic}{2}/u.test(value)) return value
  return value.replace(LONE, (match: string, before: string, letter: string, at: number) => {
    const start = at + before.length
    // Part of an address («A.Petrova@mail.ru», «http://a.b/C.html»): not a letter of a Russian text.
    const token = value.slice(value.lastIndexOf(' ', start) + 1).split(/\s/, 1)[0]
    if (/[@/\\]/.test(token)) return match
    // «A.Smith»: an initial of a Latin name.
    const initial = CAPITAL.test(letter) && value.charAt(start + 1) === '.' && !LATIN_WORD.test(value.slice(start + 2, start + 5))
    const abbreviated = AFTER_ABBREVIATION.test(value.slice(Math.max(0, start - 20), start))
    return initial || abbreviated ? before + (own(LOOKALIKES, letter) ?? letter) : match
  })
}

/**
 * A short value of a field that holds only Russian letters — an attendance mark («Н», «Б», «ОП»), a class letter,
 * a mark's word — with every Latin or Greek look-alike read as the Russian letter (ADR 106): «H» → «Н», «OП» →
 * «ОП», «H/Б» → «Н/Б». A value with a Latin letter no Russian one looks like («n», «nb») stays, to be refused as
 * typed.
 */
export function russianLetters(value: string): string {
  const foreign = value.match(FOREIGN_ALL)
  if (!foreign || !foreign.every((ch) => own(LOOKALIKES, ch))) return value
  return value.replace(FOREIGN_ALL, (ch) => own(LOOKALIKES, ch) ?? ch)
}

/**
 * What cyrillicLookalikes corrected in a text, for a warning: «Ивaнов» → «Иванов» for each word changed (the whole
 * text when a lone letter was: «Петрова A.C.» → «Петрова А.С.»), or '' when nothing was (the text as cleanLine reads
 * it).
 */
export function describeLookalikes(value: string): string {
  const typed = cleanLine(value)
  const corrected = cyrillicLookalikes(typed)
  if (corrected === typed) return ''
  // Every correction is one letter for one: the words stand at the same places in both texts.
  const changed = [...typed.matchAll(/[\p{L}\p{M}]+/gu)]
    .map((m) => ({ word: m[0], read: corrected.slice(m.index, m.index + m[0].length) }))
    .filter((w) => w.word !== w.read)
  if (changed.some((w) => w.word.length === 1)) return `«${typed.trim()}» → «${corrected.trim()}»`
  return [...new Map(changed.map((w) => [w.word, w.read]))].map(([word, read]) => `«${word}» → «${read}»`).join(', ')
}

/**
 * No-break spaces (U+00A0, figure U+2007, narrow U+202F) as a plain space. Free text keeps them (typography: «№ 8»);
 * a field checked by a pattern or compared — a name, a passport's series and number pasted from Word as «63 10
 * 123456» — reads them as the space they look like.
 */
export function plainSpaces(value: string): string {
  return /[\u00A0\u2007\u202F]/.test(value) ? value.replace(/[\u00A0\u2007\u202F]/g, ' ') : value
}

/**
 * A part of a person's name as it is stored: cleaned (cleanLine), no-break spaces and runs of spaces as one space, a
 * dash Word's autocorrect made of a hyphen («Иванова–Петрова», U+2010–U+2015, U+2212) a hyphen, and one hyphen with
 * no spaces between the parts of a double name however it was typed («Иванова - Петрова», «Иванова--Петрова»): each
 * of them stored as typed was another person to every match. An apostrophe typed as a backquote, an acute accent or
 * an opening quote («Д`Арк», «Д´Арк», «Д‘Арк» — the Russian layout has no apostrophe) is the apostrophe «'». Latin
 * look-alikes in a Russian word are the Russian letters (cyrillicLookalikes: «Ивaнов» → «Иванов»). One rule for the
 * forms and the import.
 */
export function cleanName(value: string): string {
  return cyrillicLookalikes(plainSpaces(cleanLine(value)))
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/(\p{L})\s*-+\s*(?=\p{L})/gu, '$1-')
    .replace(/(\p{L})[`´‘ʻ](?=\p{L})/gu, "$1'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\p{L}[\p{L}'’ʼ-]*/gu, (word, at: number) => capitalised(word, at === 0))
}

/** The particles of Turkic and other patronymics and surnames, written in small letters: «Рашид оглы», «Алиевна кызы». */
const PARTICLES = new Set(['оглы', 'кызы', 'улы', 'уулу', 'гызы', 'ибн', 'бин', 'фон', 'ван', 'де', 'дер'])

/**
 * A word typed in capitals (a list exported from a register in CAPS, Caps Lock on the form) as the journal writes a
 * name: «ИВАНОВА» → «Иванова», «РИМСКАЯ-КОРСАКОВА» → «Римская-Корсакова», «Д'АРК» → «Д'Арк», «РАШИД ОГЛЫ» → «Рашид
 * оглы», but «ВАН» alone → «Ван».
 * A word with any small letter («МакДональд», «ДиКаприо») and a single capital (an initial) stay as typed.
 */
function capitalised(word: string, first: boolean): string {
  const letters = word.replace(/[^\p{L}]/gu, '')
  if (letters.length < 2 || letters !== letters.toLocaleUpperCase('ru') || letters === letters.toLocaleLowerCase('ru')) return word
  const lower = word.toLocaleLowerCase('ru')
  // A particle follows a name («Рашид оглы», «Людвиг ван Бетховен»); the first word of a field is a name itself — the
  // surname «Ван», «Де».
  if (PARTICLES.has(lower) && !first) return lower
  return lower.replace(/(^|['’ʼ-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toLocaleUpperCase('ru'))
}

/**
 * What a name part may hold: letters of any alphabet (Tatar «Гүзәл», «Müller», the modifier apostrophe of «Дʼарк»),
 * then letters, spaces, hyphens, apostrophes and dots. No digits, emoji or «=» (so «=HYPERLINK(…)» is refused).
 */
export const NAME_PATTERN = /^\p{L}[\p{L}\s'’.-]*$/u

/** The longest name part the forms and the import take: a name the import stored can always be typed on the form. */
export const NAME_MAX = 100

/**
 * The message for mixesScripts, naming the value: «В «Ивanов» смешаны русские и латинские буквы…». Look-alikes
 * («a», «e», «o», «c») are corrected before (cyrillicLookalikes): what is left is a letter typed on the wrong layout.
 */
export const mixedScriptsMessage = (value: string) =>
  `В «${value}» смешаны русские и латинские буквы (часть слова набрана в английской раскладке): ` +
  'наберите слово заново русскими буквами.'

/**
 * How names, subjects and groups are compared: lower case, «ё» as «е», any apostrophe as «'», a hyphen as cleanName
 * writes it, single spaces, a Turkic patronymic's particle apart («Рашид-оглы» is «Рашид оглы»).
 * «Семёнов Пётр» and «Семенов Петр» are one person (with the same birth date) wherever people are matched.
 */
export function nameKey(value: string): string {
  return cyrillicLookalikes(cleanLine(value))
    .trim()
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[’ʼ`´‘ʻ]/g, "'")
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/(\p{L})\s*-+\s*(?=\p{L})/gu, '$1-')
    .replace(/\s+/g, ' ')
    .replace(TURKIC_JOINED, '$1 $2')
}

/** A Turkic patronymic's particle, written separately by the norm and joined with a hyphen by many: «Рашид-оглы». */
const TURKIC_JOINED = /(\p{L})-(оглы|кызы|улы|уулу|гызы)(?!\p{L})/gu

// ---------- zod helpers: the one transform every schema's free text goes through ----------

/**
 * A single-line text field: `line(z.string().trim().max(60, '…'))`. The cleaning runs before the field's own
 * checks, so a length or pattern is checked on what will be stored. A non-string fails like `z.string()` does.
 */
export const line = <T extends z.ZodType<unknown, string>>(checks: T) => z.string().transform(cleanLine).pipe(checks)

/** A single-line field checked by a pattern, with no-break spaces read as spaces (plainSpaces). */
export const spacedLine = <T extends z.ZodType<unknown, string>>(checks: T) =>
  z
    .string()
    .transform((v) => plainSpaces(cleanLine(v)))
    .pipe(checks)

/** A multi-line text field (address, note, comment): `multiline(z.string().trim().max(300, '…'))`. */
export const multiline = <T extends z.ZodType<unknown, string>>(checks: T) => z.string().transform(cleanMultiline).pipe(checks)

/**
 * Orders as a Russian reader does, the numbers in a text by their value: «5А» before «10Б». One collator for the
 * process: `localeCompare(b, 'ru', { numeric: true })` builds a new one at every comparison (7 µs each).
 */
export const compareNumbered: (a: string, b: string) => number = new Intl.Collator('ru', { numeric: true }).compare

const russian = new Intl.Collator('ru')
type PersonName = { lastName: string; firstName: string; middleName?: string | null }

/**
 * People in the order of a class register: surname, name, patronymic, alphabetically as Russian is read — «Ёлкин»
 * among the «Е», not before «Абрамов» (a database's ORDER BY compares code points: «Ё» is U+0401, before «А»).
 */
export function compareByName(a: PersonName, b: PersonName): number {
  return (
    russian.compare(a.lastName, b.lastName) ||
    russian.compare(a.firstName, b.firstName) ||
    russian.compare(a.middleName ?? '', b.middleName ?? '')
  )
}

/**
 * What a typed beginning of a name may be stored as, for a database's case- and «ё»-sensitive `startsWith`: each part
 * capitalised as the journal keeps names («римский-к» → «Римский-К», and «Римский-к» for an older list), and every
 * «е» also as «ё» and back (staff type «Семенов», «Петр» for «Семёнов», «Пётр»). At most `max` spellings: the first
 * «е»/«ё» letters vary, the rest stay as typed.
 */
export function namePrefixes(typed: string, max = 8): string[] {
  // Cleaned as a stored name is (cleanName): «Ива\u00adнов», «Ивaнов», an «и» + U+0306 pasted from a PDF.
  const lower = cleanName(typed).toLocaleLowerCase('ru')
  const first = lower.charAt(0).toLocaleUpperCase('ru') + lower.slice(1)
  const capitalise = (_: string, before: string, letter: string) => before + letter.toLocaleUpperCase('ru')
  const eachPart = lower.replace(/(^|[-\s'’])(\p{L})/gu, capitalise)
  // «Римская-Корсакова» as the import keeps it, and «Римская-корсакова» as an older list may.
  const forms = [...new Set([eachPart, first])]
  return forms.flatMap((form) => {
    let spellings = ['']
    for (const char of form) {
      const alternative = { е: 'ё', ё: 'е', Е: 'Ё', Ё: 'Е' }[char]
      spellings =
        alternative && spellings.length * 2 * forms.length <= max
          ? spellings.flatMap((s) => [s + char, s + alternative])
          : spellings.map((s) => s + char)
    }
    return spellings
  })
}
