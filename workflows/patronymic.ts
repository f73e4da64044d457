// A child's patronymic (отчество) from the father's first name, by the rules of Russian name formation:
// Иван → Иванович / Ивановна, Сергей → Сергеевич / Сергеевна, Игорь → Игоревич / Игоревна,
// Дмитрий → Дмитриевич (two consonants before -ий), Юрий → Юрьевич (one), Никита → Никитич / Никитична.
// Names whose stem changes (беглая гласная, Михаил → Михайлович) or that form the patronymic their own way
// (Илья → Ильич / Ильинична) are listed. Used by the demo school, so that children's patronymics match their fathers.

// [male, female] for the names the regular rules do not form.
const IRREGULAR: Record<string, readonly [string, string]> = {
  Илья: ['Ильич', 'Ильинична'],
  Кузьма: ['Кузьмич', 'Кузьминична'],
  Фома: ['Фомич', 'Фоминична'],
  Лука: ['Лукич', 'Лукинична'],
  Лев: ['Львович', 'Львовна'],
  Павел: ['Павлович', 'Павловна'],
  Пётр: ['Петрович', 'Петровна'],
  Петр: ['Петрович', 'Петровна'],
  Михаил: ['Михайлович', 'Михайловна'],
  Яков: ['Яковлевич', 'Яковлевна'],
  // Two consonants before -ий, yet the spoken form took -ьевич.
  Викентий: ['Викентьевич', 'Викентьевна'],
}

const VOWELS = /[аеёиоуыэюя]/i

/** The patronymic of a son (`female` false) or a daughter (`female` true) of a father named `fatherFirstName`. */
export function patronymicFrom(fatherFirstName: string, female: boolean): string {
  const name = fatherFirstName.trim()
  const irregular = IRREGULAR[name]
  if (irregular) return irregular[female ? 1 : 0]
  const [m, f] = ((): [string, string] => {
    if (/ий$/.test(name)) {
      const stem = name.slice(0, -2)
      // Дмитрий, Георгий → -иевич; Юрий, Василий, Евгений, Анатолий → -ьевич.
      const twoConsonants = stem.length >= 2 && !VOWELS.test(stem.at(-1)!) && !VOWELS.test(stem.at(-2)!)
      const base = twoConsonants ? `${stem}иев` : `${stem}ьев`
      return [`${base}ич`, `${base}на`]
    }
    if (/[ая]й$/.test(name) || /ей$/.test(name)) {
      // Николай → Николаевич, Сергей → Сергеевич, Алексей → Алексеевич.
      const base = `${name.slice(0, -1)}ев`
      return [`${base}ич`, `${base}на`]
    }
    if (/ь$/.test(name)) return [`${name.slice(0, -1)}евич`, `${name.slice(0, -1)}евна`] // Игорь → Игоревич
    if (/[ая]$/.test(name)) {
      // Никита → Никитич / Никитична, Савва → Саввич / Саввична.
      const stem = name.slice(0, -1)
      return [`${stem}ич`, `${stem}ична`]
    }
    if (/[жшчщц]$/.test(name)) return [`${name}евич`, `${name}евна`]
    return [`${name}ович`, `${name}овна`] // Иван, Артём, Глеб, Ярослав, Даниил
  })()
  return female ? f : m
}
