// Weekly hours per subject by grade (a simplified ФГОС curriculum for a 5-day week).
export type SubjectPlan = { name: string; hours: number; split?: boolean }

const P = (name: string, hours: number, split = false): SubjectPlan => ({ name, hours, split })

export function curriculumFor(grade: number): SubjectPlan[] {
  if (grade === 1) {
    return [
      P('Русский язык', 5),
      P('Литературное чтение', 4),
      P('Математика', 4),
      P('Окружающий мир', 2),
      P('Музыка', 1),
      P('Изобразительное искусство', 1),
      P('Технология', 1),
      P('Физическая культура', 2),
    ]
  }
  if (grade <= 4) {
    return [
      P('Русский язык', 5),
      P('Литературное чтение', 4),
      P('Английский язык', 2, true),
      P('Математика', 4),
      P('Окружающий мир', 2),
      P('Музыка', 1),
      P('Изобразительное искусство', 1),
      P('Технология', 1),
      P('Физическая культура', 2),
    ]
  }
  if (grade <= 6) {
    return [
      P('Русский язык', 5),
      P('Литература', 3),
      P('Английский язык', 3, true),
      P('Математика', 5),
      P('История', 2),
      P('Обществознание', grade === 6 ? 1 : 0),
      P('География', 1),
      P('Биология', 1),
      P('Музыка', 1),
      P('Изобразительное искусство', 1),
      P('Технология', 2),
      P('Физическая культура', 2),
    ].filter((s) => s.hours > 0)
  }
  if (grade <= 9) {
    return [
      P('Русский язык', grade === 7 ? 4 : 3),
      P('Литература', 2),
      P('Английский язык', 3, true),
      P('Алгебра', 3),
      P('Геометрия', 2),
      P('Вероятность и статистика', 1),
      P('Информатика', 1, true),
      P('История', 2),
      P('Обществознание', 1),
      P('География', 2),
      P('Биология', grade === 7 ? 1 : 2),
      P('Физика', grade === 9 ? 3 : 2),
      P('Химия', grade >= 8 ? 2 : 0),
      P('Физическая культура', 2),
      P('ОБЗР', grade >= 8 ? 1 : 0),
    ].filter((s) => s.hours > 0)
  }
  return [
    P('Русский язык', 2),
    P('Литература', 3),
    P('Английский язык', 3, true),
    P('Алгебра', 4),
    P('Геометрия', 3),
    P('Вероятность и статистика', 1),
    P('Информатика', 1, true),
    P('История', 2),
    P('Обществознание', 2),
    P('География', 1),
    P('Биология', 1),
    P('Физика', 2),
    P('Химия', 1),
    P('Физическая культура', 2),
    P('ОБЗР', 1),
  ]
}

/** The demo school's расписание звонков (one shift): 45-minute lessons, two long breaks for meals. */
export const DEMO_BELLS = [
  ['08:30', '09:15'],
  ['09:25', '10:10'],
  ['10:30', '11:15'],
  ['11:35', '12:20'],
  ['12:30', '13:15'],
  ['13:25', '14:10'],
  ['14:20', '15:05'],
  ['15:15', '16:00'],
].map(([startsAt, endsAt], i) => ({ period: i + 1, startsAt, endsAt }))

export const WORK_TYPES = [
  { name: 'Работа на уроке', weight: 1, written: false },
  { name: 'Устный ответ', weight: 1, written: false },
  { name: 'Домашняя работа', weight: 1, written: false },
  { name: 'Самостоятельная работа', weight: 1.5, written: true },
  { name: 'Практическая работа', weight: 1.5, written: true },
  { name: 'Лабораторная работа', weight: 1.5, written: true },
  { name: 'Диктант', weight: 2, written: true },
  { name: 'Контрольная работа', weight: 2, written: true },
] as const

/** Lesson kinds: every 8th lesson of a subject is a control work; sciences have lab and practical works. */
export function lessonKindFor(subject: string, index: number): string {
  if (['Физическая культура', 'Музыка', 'Изобразительное искусство'].includes(subject)) return 'урок'
  if (index % 8 === 7) return 'контрольная'
  if (['Физика', 'Химия', 'Биология'].includes(subject) && index % 8 === 4) return 'лабораторная'
  if (['Информатика', 'География', 'Технология'].includes(subject) && index % 8 === 4) return 'практическая'
  return 'урок'
}
