import { type Random } from './prng'
import { FEMALE_FIRST, MALE_FIRST, MALE_PATRONYMIC_ROOTS, SURNAMES, patronymic, surname, translit } from './names'

export type StaffDef = {
  id: string
  lastName: string
  firstName: string
  middleName: string
  position: string
  room: string
  login: string
  roles: string[]
  subjects: string[]
  primaryTeacher: boolean
}

const SPECIALISTS: Array<[string, string[], number]> = [
  ['Учитель русского языка и литературы', ['Русский язык', 'Литература'], 5],
  ['Учитель математики', ['Математика', 'Алгебра', 'Геометрия', 'Вероятность и статистика'], 5],
  ['Учитель английского языка', ['Английский язык'], 4],
  ['Учитель истории и обществознания', ['История', 'Обществознание'], 2],
  ['Учитель географии', ['География'], 1],
  ['Учитель биологии', ['Биология'], 1],
  ['Учитель физики', ['Физика'], 1],
  ['Учитель химии', ['Химия'], 1],
  ['Учитель информатики', ['Информатика'], 2],
  ['Учитель физической культуры', ['Физическая культура'], 2],
  ['Учитель музыки и ИЗО', ['Музыка', 'Изобразительное искусство'], 1],
  ['Учитель технологии', ['Технология'], 1],
  ['Преподаватель-организатор ОБЗР', ['ОБЗР'], 1],
]

export function generateStaff(rng: Random): StaffDef[] {
  const used = new Set<string>()
  const logins = new Set<string>()
  const person = (female: boolean) => {
    for (;;) {
      const last = surname(rng.pick(SURNAMES), female)
      const first = rng.pick(female ? FEMALE_FIRST : MALE_FIRST)
      const middle = patronymic(rng.pick(MALE_PATRONYMIC_ROOTS), female)
      const key = `${last} ${first} ${middle}`
      if (!used.has(key)) {
        used.add(key)
        return { lastName: last, firstName: first, middleName: middle }
      }
    }
  }
  const loginFor = (p: { lastName: string; firstName: string; middleName: string }) => {
    let base = `${translit(p.lastName)}.${translit(p.firstName)[0]}${translit(p.middleName)[0]}`
    while (logins.has(base)) base += '1'
    logins.add(base)
    return base
  }
  const staff: StaffDef[] = []
  const add = (
    p: { lastName: string; firstName: string; middleName: string },
    position: string,
    roles: string[],
    extra: Partial<StaffDef> = {},
  ) => {
    const login = extra.login ?? loginFor(p)
    logins.add(login)
    staff.push({ id: rng.id('stf'), ...p, position, room: '', login, roles, subjects: [], primaryTeacher: false, ...extra })
  }
  add({ lastName: 'Тушинская', firstName: 'Татьяна', middleName: 'Викторовна' }, 'Директор', ['director'], {
    login: 'director',
    room: '101',
  })
  used.add('Тушинская Татьяна Викторовна')
  add(person(true), 'Заместитель директора по УВР', ['deputy'], { login: 'deputy', room: '102' })
  add(person(true), 'Секретарь', ['secretary'], { login: 'secretary', room: '103' })
  add(person(false), 'Администратор электронного журнала', ['admin'], { login: 'admin', room: '214' })
  add(person(true), 'Социальный педагог, ответственный за предоставление информации', ['responsible'], {
    login: 'responsible',
    room: '105',
  })
  for (let i = 0; i < 8; i++) {
    add(person(true), 'Учитель начальных классов', ['teacher', 'class_teacher'], {
      primaryTeacher: true,
      subjects: ['Русский язык', 'Литературное чтение', 'Математика', 'Окружающий мир', 'Технология', 'Изобразительное искусство'],
      room: `${11 + i}`,
    })
  }
  let room = 201
  for (const [position, subjects, count] of SPECIALISTS) {
    for (let i = 0; i < count; i++) {
      const female = !['Учитель физической культуры', 'Преподаватель-организатор ОБЗР'].includes(position) || rng.chance(0.3)
      add(person(female), position, ['teacher'], { subjects, room: String(room++) })
    }
  }
  return staff
}
