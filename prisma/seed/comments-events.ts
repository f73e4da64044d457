// Teachers' comments and recommendations (Положение 2.10) and the school's events of the year (Положение 3.6) for the
// demo school, ADR 067. Their own random stream, so every other row of the demo stays as it was.
import { createRandom } from './prng'
import { addDays, weekday } from './school-year'

type Row = Record<string, unknown>

/** Comments to a mark by its value; the subject's own words first, then the general ones. */
const MARK_COMMENTS: Record<string, { good: string[]; weak: string[] }> = {
  'Русский язык': {
    good: ['Грамотно, без единой ошибки. Молодец!', 'Хорошо разобран состав слова, аккуратная запись.'],
    weak: ['Ошибки в безударных гласных: повторите правило и выполните работу над ошибками.', 'Пропущены запятые: повторите правило.'],
  },
  Математика: {
    good: ['Все задачи решены верно, решение записано полно.', 'Отлично! Верно и быстро, с проверкой.'],
    weak: ['Вычислительные ошибки: проверяйте действия.', 'Не выучена таблица умножения на 7 и 8: повторите её дома.'],
  },
  Алгебра: {
    good: ['Верно решены все уравнения, хорошее оформление.'],
    weak: ['Ошибки при раскрытии скобок: повторите правило знаков.'],
  },
  Геометрия: {
    good: ['Доказательство полное и логичное.'],
    weak: ['Нет чертежа к задаче; повторите признаки равенства треугольников.'],
  },
  'Английский язык': {
    good: ['Хорошее произношение, уверенный ответ.'],
    weak: ['Не выучены слова раздела: повторите их к следующему уроку.'],
  },
  'Литературное чтение': {
    good: ['Выразительное чтение, хорошо пересказал(а) текст.'],
    weak: ['Читать вслух дома по 15 минут каждый день.'],
  },
  Литература: {
    good: ['Глубокий ответ, хорошо знает текст произведения.'],
    weak: ['Произведение не прочитано: дочитайте к следующему уроку.'],
  },
  'Окружающий мир': {
    good: ['Интересное сообщение, хорошо подготовлен(а).'],
    weak: ['Повторите материал параграфа и ответьте на вопросы в конце.'],
  },
}
const GENERAL = {
  good: ['Отличная работа!', 'Хороший, полный ответ.', 'Работа выполнена аккуратно и в срок.'],
  weak: [
    'Работа выполнена не полностью: подойдите на консультацию.',
    'Не выполнено домашнее задание.',
    'Повторите тему и исправьте ошибки.',
  ],
}

/** Comments to a whole lesson: what the class is asked to bring or repeat, how the control work went. */
const LESSON_COMMENTS = {
  control: [
    'Класс в целом справился с работой; разбор ошибок — на следующем уроке.',
    'Работа написана хуже, чем ожидалось: на следующем уроке — работа над ошибками.',
  ],
  ordinary: [
    'К следующему уроку принести контурные карты.',
    'На следующем уроке — самостоятельная работа по этой теме: повторите правила.',
    'Принести цветные карандаши и линейку.',
    'Повторить материал к контрольной работе на следующей неделе.',
  ],
}
const NEEDS_MAPS = new Set(['География', 'История'])

/** Personal recommendations to a pupil about a lesson (after a weak mark or a missed lesson). */
const RECOMMENDATIONS = [
  'Рекомендую прийти на консультацию в четверг после 6 урока и разобрать ошибки.',
  'Пропущенную тему разобрать по учебнику; вопросы можно задать на консультации.',
  'Стоит больше читать дома и повторять правила по тетради.',
]

/** 16:00 of the lesson day in Саратов (UTC+4): the teacher fills the journal by 16.00 (Положение 4.4.1). */
const afternoon = (day: string) => new Date(`${day}T16:00:00+04:00`)

type Input = { lessons: Row[]; marks: Row[]; subjects: Array<{ id: string; name: string }>; seed: number }

/**
 * A believable handful: about one mark in sixty gets a comment (the weak and the excellent ones), one control work in
 * five and one ordinary lesson in 150 a comment to the class, and one weak mark in eight a recommendation to the pupil.
 */
export function demoComments({ lessons, marks, subjects, seed }: Input): Row[] {
  const rng = createRandom(seed + 2000)
  const lessonById = new Map(lessons.map((l) => [l.id as string, l]))
  const subjectOf = new Map(subjects.map((s) => [s.id, s.name]))
  const rows: Row[] = []
  const add = (lesson: Row, text: string, extra: Row) =>
    rows.push({
      id: rng.id('cmt'),
      lessonId: lesson.id,
      authorId: lesson.teacherId ?? null,
      text,
      writtenAt: afternoon(lesson.date as string),
      ...extra,
    })
  for (const m of marks) {
    const value = Number(m.value)
    if (value !== 2 && value !== 5) continue
    if (!rng.chance(value === 2 ? 0.12 : 0.02)) continue
    const lesson = lessonById.get(m.lessonId as string)!
    const words = MARK_COMMENTS[subjectOf.get(lesson.subjectId as string) ?? ''] ?? GENERAL
    const pool = value === 5 ? [...words.good, ...GENERAL.good] : [...words.weak, ...GENERAL.weak]
    add(lesson, rng.pick(pool), { markId: m.id, pupilId: m.pupilId })
    if (value === 2 && rng.chance(0.12)) add(lesson, rng.pick(RECOMMENDATIONS), { markId: null, pupilId: m.pupilId })
  }
  for (const l of lessons) {
    const subject = subjectOf.get(l.subjectId as string) ?? ''
    if (l.kind === 'контрольная' ? !rng.chance(0.2) : !rng.chance(1 / 150)) continue
    const pool =
      l.kind === 'контрольная'
        ? LESSON_COMMENTS.control
        : LESSON_COMMENTS.ordinary.filter((t) => !t.includes('контурные') || NEEDS_MAPS.has(subject))
    add(l, rng.pick(pool), { markId: null, pupilId: null })
  }
  return rows
}

/**
 * The demo parents' children (logins «parent», «parent2») each get a comment to their latest mark and a recommendation
 * about their latest lesson with a mark, so that a demo of the e-diary shows both whatever the day of the seed.
 */
export function demoFamilyComments({ lessons, marks, comments, pupilIds, seed }: Input & { comments: Row[]; pupilIds: string[] }): Row[] {
  const rng = createRandom(seed + 3000)
  const lessonById = new Map(lessons.map((l) => [l.id as string, l]))
  const commented = new Set(comments.map((c) => c.markId).filter(Boolean))
  const rows: Row[] = []
  for (const pupilId of pupilIds) {
    const own = marks.filter((m) => m.pupilId === pupilId).map((m) => ({ m, l: lessonById.get(m.lessonId as string)! }))
    const latest = own.sort(
      (a, b) => (b.l.date as string).localeCompare(a.l.date as string) || (b.l.period as number) - (a.l.period as number),
    )[0]
    if (!latest) continue
    const base = { lessonId: latest.l.id, authorId: latest.l.teacherId ?? null, writtenAt: afternoon(latest.l.date as string), pupilId }
    const good = Number(latest.m.value) >= 4
    if (!commented.has(latest.m.id))
      rows.push({
        id: rng.id('cmt'),
        ...base,
        markId: latest.m.id,
        text: good ? 'Хорошая работа, так держать!' : 'Повторите тему урока и исправьте ошибки.',
      })
    rows.push({
      id: rng.id('cmt'),
      ...base,
      markId: null,
      text: good ? 'Рекомендую подготовить сообщение по теме урока к следующему занятию.' : RECOMMENDATIONS[0],
    })
  }
  return rows
}

/**
 * The school's events of the year (Положение 3.6): whole-school ones on fixed days of the calendar, class ones for
 * some classes, and a parents' meeting in the week of `today` so that the demo diary shows one at once.
 */
export function demoEvents({
  startYear,
  today,
  classes,
  schoolId,
}: {
  startYear: number
  today: string
  classes: Row[]
  schoolId: string
}) {
  const a = startYear
  const b = startYear + 1
  const classId = (name: string) => classes.find((c) => c.name === name)?.id as string | undefined
  const ofGrade = (grade: number) => classes.filter((c) => c.grade === grade).map((c) => c.id as string)
  const monday = addDays(today, 1 - weekday(today))
  const defs: Array<{ date: string; time?: string; title: string; place?: string; classIds?: string[] }> = [
    { date: `${a}-09-01`, time: '09:00', title: 'Торжественная линейка, посвящённая Дню знаний', place: 'школьный двор' },
    { date: `${a}-09-25`, time: '15:00', title: 'Школьный этап всероссийской олимпиады школьников по математике', place: 'кабинеты 21–24' },
    { date: `${a}-10-05`, time: '12:00', title: 'Концерт ко Дню учителя', place: 'актовый зал' },
    {
      date: `${a}-11-20`,
      time: '14:00',
      title: 'Экскурсия в Саратовский областной музей краеведения',
      place: 'сбор у входа в школу',
      classIds: [classId('5А'), classId('5Б')].filter((c): c is string => !!c),
    },
    { date: `${a}-12-25`, time: '17:00', title: 'Новогодний концерт', place: 'актовый зал' },
    {
      date: `${b}-02-20`,
      title: 'Смотр строя и песни ко Дню защитника Отечества',
      place: 'спортивный зал',
      classIds: [...ofGrade(5), ...ofGrade(6), ...ofGrade(7)],
    },
    { date: `${b}-04-12`, time: '13:00', title: 'Классный час «Космос — это мы» ко Дню космонавтики', classIds: ofGrade(4) },
    { date: `${b}-05-25`, time: '10:00', title: 'Праздник «Последний звонок»', place: 'школьный двор' },
    // Thursday of the current week: a meeting with the parents, so the demo week shows an event at once.
    { date: addDays(monday, 3), time: '18:00', title: 'Общешкольное родительское собрание', place: 'актовый зал' },
  ]
  const events: Row[] = []
  const eventClasses: Row[] = []
  defs.forEach((d, i) => {
    const id = `event_${a}_${i + 1}`
    events.push({
      id,
      schoolId,
      date: d.date,
      time: d.time ?? '',
      title: d.title,
      place: d.place ?? '',
      updatedAt: new Date(`${a}-08-30T12:00:00+04:00`),
    })
    for (const classId of d.classIds ?? []) eventClasses.push({ eventId: id, classId })
  })
  return { events, eventClasses }
}
