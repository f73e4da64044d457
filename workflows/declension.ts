// Russian names in the dative case for letters («Ивановой Марии Петровне»), the genitive for forms («от Алексеевой
// Варвары Константиновны», «успеваемости Алексеевой Ольги Константиновны») and initials («Т.В. Тушинская»).
// Covers the regular patterns of Russian surnames, first names and patronymics; anything unusual stays as written
// (an undeclined name is still correct on an envelope, a wrongly declined one is not).

type FullName = { lastName: string; firstName: string; middleName?: string | null }

export function isFemale(name: FullName): boolean {
  const m = name.middleName?.trim() ?? ''
  if (m) return /(на|кызы)$/i.test(m)
  return /(а|я)$/i.test(name.firstName.trim()) && !/(ья|Илья|Никита|Кузьма|Фома|Лука)$/i.test(name.firstName.trim())
}

function surnameDative(s: string, female: boolean): string {
  if (female) {
    if (/(ова|ева|ёва|ина|ына)$/i.test(s)) return `${s.slice(0, -1)}ой`
    if (/ая$/i.test(s)) return `${s.slice(0, -2)}ой`
    return s
  }
  if (/(ов|ев|ёв|ин|ын)$/i.test(s)) return `${s}у`
  if (/(ский|цкий)$/i.test(s)) return `${s.slice(0, -2)}ому`
  if (/ий$/i.test(s)) return `${s.slice(0, -2)}ому`
  if (/ой$/i.test(s)) return `${s.slice(0, -2)}ому`
  if (/(их|ых)$/i.test(s)) return s // Седых, Белых: not declined, as in the genitive
  if (/[бвгджзклмнпрстфхцчшщ]$/i.test(s)) return `${s}у`
  return s
}

// Names whose stem changes (беглая гласная).
const FIRST_NAME_EXCEPTIONS: Record<string, string> = { Лев: 'Льву', Павел: 'Павлу', Пётр: 'Петру', Петр: 'Петру' }

function firstNameDative(s: string, female: boolean): string {
  if (FIRST_NAME_EXCEPTIONS[s]) return FIRST_NAME_EXCEPTIONS[s]
  if (/ия$/i.test(s)) return `${s.slice(0, -1)}и`
  if (female) {
    if (/а$/i.test(s)) return `${s.slice(0, -1)}е`
    if (/я$/i.test(s)) return `${s.slice(0, -1)}е`
    if (/ь$/i.test(s)) return `${s.slice(0, -1)}и`
    return s
  }
  if (/[йь]$/i.test(s)) return `${s.slice(0, -1)}ю`
  if (/а$/i.test(s)) return `${s.slice(0, -1)}е`
  if (/я$/i.test(s)) return `${s.slice(0, -1)}е`
  if (/[бвгджзклмнпрстфхцчшщ]$/i.test(s)) return `${s}у`
  return s
}

function patronymicDative(s: string): string {
  if (/на$/i.test(s)) return `${s.slice(0, -1)}е`
  if (/ич$/i.test(s)) return `${s}у`
  return s
}

/** A double surname («Римский-Корсаков», «Петрова-Водкина») is declined part by part. */
const byParts = (s: string, decline: (part: string) => string) =>
  s
    .split('-')
    .map((part) => (part ? decline(part) : part))
    .join('-')

export function dativeFullName(name: FullName): string {
  const female = isFemale(name)
  return [
    byParts(name.lastName.trim(), (x) => surnameDative(x, female)),
    firstNameDative(name.firstName.trim(), female),
    name.middleName?.trim() ? patronymicDative(name.middleName.trim()) : '',
  ]
    .filter(Boolean)
    .join(' ')
}

function surnameGenitive(s: string, female: boolean): string {
  if (female) {
    if (/(ова|ева|ёва|ина|ына)$/i.test(s)) return `${s.slice(0, -1)}ой`
    if (/ая$/i.test(s)) return `${s.slice(0, -2)}ой`
    return s // Белых, Шевченко, Гончар: a woman's such surname is not declined
  }
  if (/(ов|ев|ёв|ин|ын)$/i.test(s)) return `${s}а`
  if (/(ий|ой|ый)$/i.test(s)) return `${s.slice(0, -2)}ого`
  if (/(их|ых)$/i.test(s)) return s
  if (/[бвгджзклмнпрстфхцчшщ]$/i.test(s)) return `${s}а`
  return s // Шевченко, Дюма, Гюго: left as written
}

// Names whose stem changes (беглая гласная).
const FIRST_NAME_GENITIVE_EXCEPTIONS: Record<string, string> = { Лев: 'Льва', Павел: 'Павла', Пётр: 'Петра', Петр: 'Петра' }

/** -а after г, к, х, ж, ш, щ, ч takes -и («Ольги», «Луки»), otherwise -ы («Варвары», «Никиты»). */
const aGenitive = (s: string) => `${s.slice(0, -1)}${/[гкхжшщч]а$/i.test(s) ? 'и' : 'ы'}`

function firstNameGenitive(s: string, female: boolean): string {
  if (Object.hasOwn(FIRST_NAME_GENITIVE_EXCEPTIONS, s)) return FIRST_NAME_GENITIVE_EXCEPTIONS[s]
  if (/ия$/i.test(s)) return `${s.slice(0, -1)}и`
  if (/а$/i.test(s)) return aGenitive(s)
  if (/я$/i.test(s)) return `${s.slice(0, -1)}и`
  if (female) return /ь$/i.test(s) ? `${s.slice(0, -1)}и` : s
  if (/[йь]$/i.test(s)) return `${s.slice(0, -1)}я`
  if (/[бвгджзклмнпрстфхцчшщ]$/i.test(s)) return `${s}а`
  return s
}

function patronymicGenitive(s: string): string {
  if (/на$/i.test(s)) return `${s.slice(0, -1)}ы`
  if (/ич$/i.test(s)) return `${s}а`
  return s // «оглы», «кызы»
}

/** «Алексеева Варвара Константиновна» → «Алексеевой Варвары Константиновны» (after «от», «успеваемости»). */
export function genitiveFullName(name: FullName): string {
  if (!name.lastName.trim() && !name.firstName.trim()) return ''
  const female = isFemale(name)
  return [
    byParts(name.lastName.trim(), (x) => surnameGenitive(x, female)),
    firstNameGenitive(name.firstName.trim(), female),
    name.middleName?.trim() ? patronymicGenitive(name.middleName.trim()) : '',
  ]
    .filter(Boolean)
    .join(' ')
}

/** «Т.В. Тушинская». */
export function initialsFirst(name: FullName): string {
  const initials = `${name.firstName.trim()[0] ?? ''}.${name.middleName?.trim() ? `${name.middleName.trim()[0]}.` : ''}`
  return `${initials} ${name.lastName.trim()}`
}

/** «Т.В. Тушинской» (after «Директору»). */
export function initialsFirstDative(name: FullName): string {
  const initials = `${name.firstName.trim()[0] ?? ''}.${name.middleName?.trim() ? `${name.middleName.trim()[0]}.` : ''}`
  return `${initials} ${surnameDative(name.lastName.trim(), isFemale(name))}`
}

/** «Уважаемая Мария Петровна!» / «Уважаемый Иван Сергеевич!». */
export function salutation(name: FullName): string {
  const rest = [name.firstName.trim(), name.middleName?.trim()].filter(Boolean).join(' ')
  return `${isFemale(name) ? 'Уважаемая' : 'Уважаемый'} ${rest}!`
}

/** «Тушинская Татьяна Викторовна» → parts. */
export function splitFullName(full: string): FullName {
  const [lastName = '', firstName = '', ...rest] = full.trim().split(/\s+/)
  return { lastName, firstName, middleName: rest.join(' ') }
}
