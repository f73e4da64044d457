// What the import accepts, a parent can type: the online form and the intake (ApplicationSchema) read class names,
// names and e-mail addresses with the import's rules and store the same values.
import { describe, expect, it, vi } from 'vitest'
import { parseClassName } from '#workflows/class-name'
import { parseEmail } from '#workflows/email'
import { RowReader } from '#app/import/rows'
import { ApplyFormSchema } from '#app/components/parent/apply-schema'
import { ApplicationSchema, fieldErrors } from './application-schema'

const valid = {
  applicant: { lastName: 'Петрова', firstName: 'Анна', email: 'petrova@mail.ru' },
  pupil: { lastName: 'Петров', firstName: 'Иван', className: '5А' },
  kinds: ['marks'],
  periodicity: 'once',
  delivery: 'email',
}
type Overrides = { applicant?: Record<string, string>; pupil?: Record<string, string> }
const parse = ({ applicant = {}, pupil = {} }: Overrides) =>
  ApplicationSchema.safeParse({ ...valid, applicant: { ...valid.applicant, ...applicant }, pupil: { ...valid.pupil, ...pupil } })
const errorsOf = (o: Overrides) => {
  const r = parse(o)
  return r.success ? {} : fieldErrors(r.error)
}

describe('ApplicationSchema reads what the import reads', () => {
  it('a class as a parent types it is stored as the school holds it: «5А»', () => {
    for (const typed of ['5 А', '5-а', '05А', '5«А»', '5а класс', '5A', ' 5а '])
      expect(parse({ pupil: { className: typed } }).data?.pupil.className, typed).toBe('5А')
    expect(parse({ pupil: { className: '10 Б' } }).data?.pupil.className).toBe('10Б')
    expect(errorsOf({ pupil: { className: '12Я' } })['pupil.className']).toBe('Класс — номер и буква, например 5А')
    expect(errorsOf({ pupil: { className: '' } })['pupil.className']).toBe('Укажите класс, например 5А')
  })

  it('names in any alphabet the import takes; a dash between surnames is a hyphen, a no-break space a space', () => {
    const r = parse({
      applicant: { lastName: 'Хәкимова', firstName: 'Гүзәл', middleName: 'Müller' },
      pupil: { lastName: 'Иванова–Петрова', firstName: 'Анна\u00a0Мария', middleName: 'Дʼарк' },
    })
    expect(r.data?.applicant).toMatchObject({ lastName: 'Хәкимова', firstName: 'Гүзәл', middleName: 'Müller' })
    expect(r.data?.pupil).toMatchObject({ lastName: 'Иванова-Петрова', firstName: 'Анна Мария', middleName: 'Дʼарк' })
    expect(errorsOf({ applicant: { lastName: 'Иванов5' } })['applicant.lastName']).toBe('Фамилия: только буквы, дефис и пробел')
    expect(errorsOf({ applicant: { lastName: 'Ивanов' } })['applicant.lastName']).toMatch(/смешаны русские и латинские/)
    expect(errorsOf({ applicant: { lastName: '\u00ad\u200e' } })['applicant.lastName']).toBe('Укажите фамилию')
  })

  it('Latin look-alikes in a Russian word are read as the Russian letters: in names, the class and the address', () => {
    const r = parse({
      applicant: { lastName: 'Пeтрова', firstName: 'AННA', middleName: 'Сергеевнa', postalAddress: 'г. Сapатов, ул. Лeнина, д. 5A' },
      pupil: { lastName: 'Ивaнов', firstName: 'Пётр', middleName: 'Олегoвич', className: '5А KЛАСС' },
    })
    expect(r.data?.applicant).toMatchObject({ lastName: 'Петрова', firstName: 'Анна', middleName: 'Сергеевна' })
    expect(r.data?.applicant.postalAddress).toBe('г. Саратов, ул. Ленина, д. 5A')
    expect(r.data?.pupil).toMatchObject({ lastName: 'Иванов', middleName: 'Олегович', className: '5А' })
    // «й» and «ё» as a PDF's copy decomposes them, a soft hyphen, a zero-width space, a thin space: the same name.
    const d = parse({ pupil: { lastName: 'Се\u0308мин\u00ad\u200b', firstName: 'Андреи\u0306', middleName: 'Анна\u2009\u3000Мария' } })
    expect(d.data?.pupil).toMatchObject({ lastName: 'Сёмин', firstName: 'Андрей', middleName: 'Анна Мария' })
  })

  it('a long name the import takes (up to 100 letters) is taken by the form; 101 are refused by both in Russian', () => {
    // «Абдурахмонова-Исмаилова-…»: double and triple surnames, patronymics with «кызы»/«оглы» run past 60 letters.
    const long = ('Абдурахмонова-Исмаилова-Каримова-' + 'Х'.repeat(100)).slice(0, 100)
    const columns = [{ key: 'lastName', title: 'Фамилия', doc: '' }]
    const imported = new RowReader({ line: 2, cells: { lastName: long } }, columns)
    expect(imported.name('lastName')).toBe(long)
    expect(imported.issues).toEqual([])
    expect(parse({ pupil: { lastName: long } }).data?.pupil.lastName).toBe(long)
    expect(parse({ applicant: { lastName: long, middleName: long } }).success).toBe(true)
    const tooLong = new RowReader({ line: 2, cells: { lastName: long + 'а' } }, columns)
    tooLong.name('lastName')
    expect(tooLong.issues.map((i) => i.message)).toEqual(['Слишком длинное значение: больше 100 символов.'])
    expect(errorsOf({ pupil: { lastName: long + 'а' } })['pupil.lastName']).toBe('Фамилия обучающегося: не длиннее 100 символов')
  })

  it('e-mail addresses: «mailto:», a trailing dot, a Cyrillic domain; a Cyrillic local part is refused in Russian', () => {
    expect(parse({ applicant: { email: 'mailto:petrova@mail.ru' } }).data?.applicant.email).toBe('petrova@mail.ru')
    expect(parse({ applicant: { email: 'darc@mail.ru.' } }).data?.applicant.email).toBe('darc@mail.ru')
    expect(parse({ applicant: { email: 'guzel@ПОЧТА.рф' } }).data?.applicant.email).toBe('guzel@почта.рф')
    expect(parse({ applicant: { email: 'guzel@xn--80a1acny.xn--p1ai' } }).success).toBe(true)
    expect(errorsOf({ applicant: { email: 'Иванова@mail.ru' } })['applicant.email']).toMatch(/^Адрес электронной почты: до «@»/)
    expect(errorsOf({ applicant: { email: 'a@mail.ru; b@mail.ru' } })['applicant.email']).toBe(
      'Укажите один адрес электронной почты, без «,» и «;»',
    )
    expect(errorsOf({ applicant: { email: 'нет' } })['applicant.email']).toBe('Неверный адрес электронной почты')
  })

  it('a phone pasted with no-break spaces is stored with plain ones', () => {
    expect(parse({ applicant: { phone: '+7\u00a0912\u00a0345-67-89' } }).data?.applicant.phone).toBe('+7 912 345-67-89')
  })

  it('a phone in the forms the import takes: a landline in brackets, dots, an extension; brackets alone or two numbers refused', () => {
    for (const phone of ['(8452) 20-08-08', '8.912.345.67.89', '8 (8452) 33-33-33 доб. 12', '+7 912 345 67 89,'])
      expect(errorsOf({ applicant: { phone } })['applicant.phone'], phone).toBeUndefined()
    expect(parse({ applicant: { phone: '+7 912 345 67 89,' } }).data?.applicant.phone).toBe('+7 912 345 67 89')
    expect(errorsOf({ applicant: { phone: '+7 ()()()' } })['applicant.phone']).toBe('Неверный номер телефона')
    expect(errorsOf({ applicant: { phone: '8 912 345 67 89 или 8 8452 20 08 08' } })['applicant.phone']).toBe('Укажите один номер телефона')
  })

  it('a phone with words around it reads as the import reads it (one parser): «тел. …», «… (мама)», «… доб. 12»', () => {
    for (const phone of ['тел. 8 912 345-67-89', '+7 912 345 67 89 (мама)', '8(912)3456789 доб. 12'])
      expect(parse({ applicant: { phone } }).data?.applicant.phone, phone).toBe(phone)
    expect(errorsOf({ applicant: { phone: '8912 звонить после 18 3456789' } })['applicant.phone']).toBe('Неверный номер телефона')
  })

  it('the online form takes a passport number pasted with no-break spaces', () => {
    const identity = { kind: 'passport', number: '63\u00a010\u202f123456', issuedBy: 'ОВД Кировского района', issuedOn: '01.02.2015' }
    expect(ApplyFormSchema.shape.identity.parse(identity).number).toBe('63 10 123456')
  })

  it('a document issued today is not «в будущем» after local midnight, when UTC still has yesterday', () => {
    const identity = (issuedOn: string) => ({ kind: 'passport', number: '63 10 123456', issuedBy: 'ОВД Кировского района', issuedOn })
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(new Date('2026-12-08T00:30:00+04:00')) // 00:30 in Saratov: 07.12 in UTC
      expect(ApplyFormSchema.shape.identity.safeParse(identity('08.12.2026')).success).toBe(true)
      vi.setSystemTime(new Date('2026-12-08T09:00:00+12:00')) // 09:00 in Kamchatka: 07.12 in UTC
      expect(ApplyFormSchema.shape.identity.safeParse(identity('08.12.2026')).success).toBe(true)
      const future = ApplyFormSchema.shape.identity.safeParse(identity('10.12.2026'))
      expect(future.error?.issues[0].message).toBe('Дата выдачи не может быть в будущем или раньше 1940 года')
    } finally {
      vi.useRealTimers()
    }
  })

  it('the online form reads an issue date as people type it, and refuses one it cannot tell, in Russian', () => {
    const identity = { kind: 'passport', number: '63 10 123456', issuedBy: 'ОВД Кировского района' }
    const read = (issuedOn: string) => {
      const r = ApplyFormSchema.shape.identity.safeParse({ ...identity, issuedOn })
      return r.success ? r.data.issuedOn : r.error.issues[0].message
    }
    for (const typed of [
      '01.09.2020',
      '1.9.2020',
      '01.09.20',
      '01/09/2020',
      '01-09-2020',
      '01 09 2020',
      '01092020',
      '010920',
      '2020-09-01',
      '01.09.2020 г.',
      '01.09.2020г',
      '1 сентября 2020 г.',
      '1 сентября 2020 года',
      '1 сент. 2020',
      '01.09.2020\u200b', // a zero-width space pasted with it (readTypedDay, ADR 107)
      '«01» сентября 2020 г.',
    ])
      expect(read(typed), typed).toBe('2020-09-01')
    // The month first, as an American Excel writes it: said so, not read as another day.
    expect(read('09/13/2020')).toBe('Дата выдачи: сначала день, потом месяц, например 01.02.2015')
    // A two-digit year is the one century that gives a day between 1940 and today.
    expect(read('15.03.98')).toBe('1998-03-15')
    expect(read('15.03.35')).toBe('Дата выдачи: укажите год четырьмя цифрами, например 01.02.2015')
    expect(read('31.02.2020')).toBe('Дата выдачи в виде ДД.ММ.ГГГГ, например 01.02.2015')
    expect(read('сентябрь')).toBe('Дата выдачи в виде ДД.ММ.ГГГГ, например 01.02.2015')
    expect(read('01.09.2099')).toBe('Дата выдачи не может быть в будущем или раньше 1940 года')
  })

  it('end to end: a row the import accepts is accepted by the schema and stored as the same values', () => {
    const cells = {
      lastName: 'Иванова–Петрова',
      firstName: 'Гүзәл\u00a0Мария',
      middleName: 'Дʼарк',
      className: '5 «а»',
      email: 'mailto:Guzel@ПОЧТА.РФ.',
    }
    const columns = Object.keys(cells).map((key) => ({ key, title: key, doc: '' }))
    const row = new RowReader({ line: 2, cells }, columns)
    const imported = {
      lastName: row.name('lastName'),
      firstName: row.name('firstName'),
      middleName: row.name('middleName'),
      className: parseClassName(row.raw('className'))?.name,
      email: parseEmail(row.raw('email')),
    }
    expect(row.issues).toEqual([])
    expect(imported.email).toMatchObject({ ok: true, email: 'Guzel@почта.рф' })
    const r = parse({
      applicant: { lastName: cells.lastName, firstName: cells.firstName, middleName: cells.middleName, email: cells.email },
      pupil: { className: cells.className },
    })
    expect(r.success).toBe(true)
    expect(r.data?.applicant).toMatchObject({
      lastName: imported.lastName,
      firstName: imported.firstName,
      middleName: imported.middleName,
      email: imported.email.ok && imported.email.email,
    })
    expect(r.data?.pupil.className).toBe(imported.className)
    expect(imported).toMatchObject({ lastName: 'Иванова-Петрова', firstName: 'Гүзәл Мария', className: '5А' })
  })
})
