// A deterministic, realistic electronic-journal excerpt for a 7th-grade pupil (demo, tests, benchmark).
// Same arguments → same rows, so tests and the benchmark compare like with like.
import { formatDecimal } from './format'
import type { AttendanceRow, AttendanceTotals, ForecastRow, HomeworkRow, MarkRow, TimetableRow, TopicRow } from './types'

/** mulberry32: a tiny seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

const WEEKDAYS = ['Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница']
const BELLS = ['08:30–09:10', '09:20–10:00', '10:20–11:00', '11:20–12:00', '12:10–12:50', '13:00–13:40']

// ФОП ООО, 7th grade, five-day week: 30 lessons.
const WEEK: string[][] = [
  ['Русский язык', 'Алгебра', 'История', 'Иностранный язык (английский)', 'Биология', 'Физическая культура'],
  ['Литература', 'Геометрия', 'Физика', 'Русский язык', 'География', 'Музыка'],
  ['Алгебра', 'Русский язык', 'Иностранный язык (английский)', 'Обществознание', 'Труд (технология)', 'Труд (технология)'],
  ['Русский язык', 'Физика', 'Геометрия', 'История', 'Литература', 'Физическая культура'],
  ['Алгебра', 'Вероятность и статистика', 'Иностранный язык (английский)', 'Информатика', 'География', 'Изобразительное искусство'],
]

const ROOMS: Record<string, string> = {
  'Русский язык': '21',
  Литература: '21',
  Алгебра: '34',
  Геометрия: '34',
  'Вероятность и статистика': '34',
  Информатика: '41',
  История: '25',
  Обществознание: '25',
  География: '27',
  Биология: '28',
  Физика: '36',
  'Иностранный язык (английский)': '32',
  Музыка: '14',
  'Изобразительное искусство': '15',
  'Труд (технология)': 'мастерская',
  'Физическая культура': 'спортзал',
}
const GROUPS: Record<string, string> = {
  'Иностранный язык (английский)': '1 подгруппа',
  Информатика: '1 подгруппа',
  'Труд (технология)': 'группа юношей',
}

// Положение 4.4.8: every record in Russian, foreign-language lessons included.
const TOPICS: Record<string, string[]> = {
  'Русский язык': [
    'Причастие как особая форма глагола',
    'Причастный оборот',
    'Действительные и страдательные причастия',
    'Полные и краткие страдательные причастия',
    'Гласные в суффиксах причастий',
    'Н и НН в суффиксах причастий',
    'Слитное и раздельное написание НЕ с причастиями',
    'Контрольный диктант по теме «Причастие»',
    'Деепричастие как особая форма глагола',
    'Деепричастный оборот. Запятые при деепричастном обороте',
    'Раздельное написание НЕ с деепричастиями',
    'Деепричастия совершенного и несовершенного вида',
  ],
  Литература: [
    'Н.В. Гоголь. «Тарас Бульба»: историческая основа повести',
    'Образы Остапа и Андрия',
    'И.С. Тургенев. «Бирюк»',
    'Н.А. Некрасов. «Размышления у парадного подъезда»',
    'Сочинение по повести «Тарас Бульба»',
    'Л.Н. Толстой. «После бала»',
    'А.П. Чехов. «Тоска»',
    'М.Е. Салтыков-Щедрин. «Повесть о том, как один мужик двух генералов прокормил»',
  ],
  Алгебра: [
    'Линейная функция и её график',
    'Прямая пропорциональность',
    'Взаимное расположение графиков линейных функций',
    'Контрольная работа по теме «Линейная функция»',
    'Степень с натуральным показателем',
    'Свойства степени',
    'Одночлен. Стандартный вид одночлена',
    'Умножение одночленов',
    'Многочлен. Приведение подобных членов',
    'Сложение и вычитание многочленов',
    'Самостоятельная работа по теме «Многочлены»',
  ],
  Геометрия: [
    'Признаки равенства треугольников',
    'Равнобедренный треугольник и его свойства',
    'Медианы, биссектрисы и высоты треугольника',
    'Задачи на построение',
    'Контрольная работа по теме «Треугольники»',
    'Параллельные прямые. Признаки параллельности',
    'Аксиома параллельных прямых',
  ],
  'Вероятность и статистика': [
    'Случайная изменчивость',
    'Частота значений в массиве данных',
    'Группировка данных',
    'Гистограммы',
    'Графы. Степень вершины',
    'Пути в графе',
    'Дерево',
  ],
  Информатика: [
    'Кодирование текстовой информации',
    'Кодирование графической информации',
    'Растровая и векторная графика',
    'Кодирование звука',
    'Практическая работа «Создание текстового документа»',
    'Форматирование текста',
  ],
  История: [
    'Реформация и Контрреформация в Европе',
    'Русское государство при Иване IV',
    'Опричнина',
    'Смутное время: причины и начало',
    'Борьба с интервентами. Первое и Второе ополчения',
    'Проверочная работа по теме «Смутное время»',
    'Россия при первых Романовых',
  ],
  Обществознание: [
    'Что значит жить по правилам',
    'Права и обязанности граждан',
    'Почему важно соблюдать законы',
    'Защита Отечества',
    'Для чего нужна дисциплина',
    'Виновен — отвечай',
    'Кто стоит на страже закона',
  ],
  География: [
    'Климат Земли. Климатические пояса',
    'Мировой океан и его части',
    'Течения Мирового океана',
    'Африка: географическое положение',
    'Рельеф и полезные ископаемые Африки',
    'Климат и внутренние воды Африки',
    'Практическая работа «Описание климата по климатограмме»',
    'Природные зоны Африки',
  ],
  Биология: [
    'Мхи: строение и размножение',
    'Лабораторная работа «Строение мха»',
    'Папоротники, хвощи, плауны',
    'Голосеменные растения',
    'Покрытосеменные растения',
    'Классы покрытосеменных растений',
  ],
  Физика: [
    'Плотность вещества',
    'Лабораторная работа «Измерение плотности твёрдого тела»',
    'Расчёт массы и объёма тела',
    'Сила. Явление тяготения',
    'Сила упругости. Закон Гука',
    'Вес тела. Динамометр',
    'Сложение сил',
    'Сила трения',
    'Контрольная работа по теме «Взаимодействие тел»',
  ],
  'Иностранный язык (английский)': [
    'Досуг и увлечения: лексика по теме',
    'Настоящее совершённое время (Present Perfect)',
    'Чтение: знаменитые изобретатели',
    'Письмо другу: структура личного письма',
    'Город: как объяснить дорогу',
    'Модальные глаголы must и have to',
    'Аудирование по теме «Город»',
    'Словарный диктант по разделу 3',
  ],
  Музыка: [
    'Музыкальная драматургия',
    'Опера М.И. Глинки «Иван Сусанин»',
    'Балет С.С. Прокофьева «Ромео и Джульетта»',
    'Рок-опера',
    'Музыка к кинофильмам',
  ],
  'Изобразительное искусство': [
    'Дизайн и архитектура',
    'Шрифт и композиция',
    'Логотип как графический знак',
    'Композиционные основы макетирования',
    'Проект «Город будущего»',
  ],
  'Труд (технология)': [
    'Технологии обработки конструкционных материалов',
    'Разметка и пиление древесины',
    'Практическая работа «Изготовление изделия из древесины»',
    'Робототехника: датчики',
    'Программирование модели робота',
    'Мир профессий',
  ],
  'Физическая культура': [
    'Баскетбол: ведение мяча',
    'Баскетбол: передача мяча двумя руками от груди',
    'Баскетбол: бросок в кольцо',
    'Гимнастика: акробатические упражнения',
    'Опорный прыжок',
    'Лазание по канату',
    'Сдача нормативов: подтягивание, отжимания',
  ],
}

// Weights are set by the journal administrator («Виды оценок», Положение 5.2).
const WORK_WEIGHTS: Record<string, number> = {
  'Работа на уроке': 1,
  'Устный ответ': 1,
  'Домашняя работа': 1,
  'Самостоятельная работа': 2,
  'Проверочная работа': 2,
  'Практическая работа': 2,
  'Лабораторная работа': 2,
  'Контрольная работа': 3,
  'Контрольный диктант': 3,
  Сочинение: 3,
  'Словарный диктант': 2,
  'Сдача нормативов': 2,
}
const EVERYDAY_WORK = ['Работа на уроке', 'Устный ответ', 'Домашняя работа', 'Самостоятельная работа']

function workTypeOf(topic: string): string | null {
  const m = new RegExp(
    '^(Контрольная работа|Контрольный диктант|Лабораторная работа|Практическая работа|Проверочная работа|' +
      'Самостоятельная работа|Сочинение|Словарный диктант|Сдача нормативов)',
  ).exec(topic)
  return m ? m[1] : null
}

function lessonKindOf(topic: string, r: number): string {
  const work = workTypeOf(topic)
  if (work === 'Контрольная работа' || work === 'Контрольный диктант') return 'Урок развивающего контроля'
  if (work) return work
  return ['Урок открытия новых знаний', 'Урок закрепления знаний', 'Комбинированный урок', 'Урок обобщения и систематизации'][
    Math.floor(r * 4)
  ]
}

const HOMEWORK: Record<string, (n: number) => string> = {
  'Русский язык': (n) => `§ ${20 + (n % 15)}, упр. ${140 + n * 3}; выучить правило`,
  Литература: (n) =>
    ['Прочитать главы 1–4', 'Ответить на вопросы 1–5 на с. 112', 'Выучить отрывок наизусть', 'Подготовить план сочинения'][n % 4],
  Алгебра: (n) => `п. ${6 + (n % 10)}, № ${250 + n * 4}, ${252 + n * 4}, ${255 + n * 4}`,
  Геометрия: (n) => `п. ${15 + (n % 8)}, задачи № ${110 + n * 2}, ${112 + n * 2}`,
  'Вероятность и статистика': (n) => `§ ${5 + (n % 6)}, задания 1–3`,
  Информатика: (n) => `§ ${2 + (n % 5)}, вопросы после параграфа`,
  История: (n) => `§ ${8 + (n % 10)}, заполнить таблицу`,
  Обществознание: (n) => `§ ${3 + (n % 6)}, вопросы рубрики «Проверим себя»`,
  География: (n) => `§ ${18 + (n % 10)}, работа с контурной картой`,
  Биология: (n) => `§ ${9 + (n % 8)}, рисунок в тетради`,
  Физика: (n) => `§ ${21 + (n % 12)}, упр. ${7 + (n % 9)} (1, 2)`,
  'Иностранный язык (английский)': (n) => `Учебник с. ${40 + n * 2}, упр. ${3 + (n % 5)}; слова раздела`,
}

interface Lesson {
  date: Date
  weekday: number // 0 = Monday
  lesson: number // 1-based
  subject: string
  topic: string
  kind: string
}

const fmt = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`
const day = (iso: string) => new Date(`${iso}T00:00:00Z`)

/** Lessons of the 7 «Б» timetable between two ISO dates (school days only; holidays skipped). */
export function lessonsBetween(fromIso: string, toIso: string, holidays: string[] = []): Lesson[] {
  const r = rng(7)
  const counters = new Map<string, number>()
  const out: Lesson[] = []
  for (let d = day(fromIso); d <= day(toIso); d = new Date(d.getTime() + 86_400_000)) {
    const weekday = (d.getUTCDay() + 6) % 7
    if (weekday > 4 || holidays.includes(d.toISOString().slice(0, 10))) continue
    WEEK[weekday].forEach((subject, idx) => {
      const k = counters.get(subject) ?? 0
      counters.set(subject, k + 1)
      const list = TOPICS[subject]
      const topic = list[k % list.length]
      out.push({ date: d, weekday, lesson: idx + 1, subject, topic, kind: lessonKindOf(topic, r()) })
    })
  }
  return out
}

export function timetableRows(): TimetableRow[] {
  return WEEK.flatMap((subjects, wd) =>
    subjects.map((subject, idx) => ({
      weekday: WEEKDAYS[wd],
      lesson: String(idx + 1),
      time: BELLS[idx],
      subject,
      group: GROUPS[subject] ?? 'весь класс',
      room: ROOMS[subject],
    })),
  )
}

export function topicRows(lessons: Lesson[]): TopicRow[] {
  return lessons.map((l) => ({ date: fmt(l.date), subject: l.subject, topic: l.topic, kind: l.kind }))
}

/** Absences: two days of illness, one lesson without a reason, one family day, two late arrivals. */
export function attendanceFor(lessons: Lesson[]): { rows: AttendanceRow[]; totals: AttendanceTotals; absent: Set<Lesson> } {
  const days = [...new Set(lessons.map((l) => fmt(l.date)))]
  const pick = (n: number) => days[Math.min(n, days.length - 1)]
  const ill = new Set([pick(9), pick(10)])
  const family = pick(23)
  const rows: AttendanceRow[] = []
  const absent = new Set<Lesson>()
  let excused = 0,
    unexcused = 0,
    late = 0
  lessons.forEach((l, idx) => {
    const date = fmt(l.date)
    if (ill.has(date)) {
      rows.push({ date, subject: l.subject, kind: 'Отсутствовал по болезни', reason: 'Справка медицинской организации № 4312' })
      absent.add(l)
      excused++
    } else if (date === family && l.lesson <= 3) {
      rows.push({
        date,
        subject: l.subject,
        kind: 'Отсутствовал по уважительной причине',
        reason: 'Заявление родителя (семейные обстоятельства)',
      })
      absent.add(l)
      excused++
    } else if (idx === Math.floor(lessons.length * 0.62)) {
      rows.push({ date, subject: l.subject, kind: 'Отсутствовал без уважительной причины', reason: '' })
      absent.add(l)
      unexcused++
    } else if (idx === Math.floor(lessons.length * 0.31) || idx === Math.floor(lessons.length * 0.83)) {
      rows.push({ date, subject: l.subject, kind: 'Опоздание', reason: 'Опоздал на 10 минут' })
      late++
    }
  })
  const totals = { missed: String(excused + unexcused), excused: String(excused), unexcused: String(unexcused), late: String(late) }
  return { rows, totals, absent }
}

// A middling pupil: stronger in the humanities and PE, weaker in mathematics.
const BIAS: Record<string, number> = {
  Алгебра: -0.45,
  Геометрия: -0.35,
  Физика: -0.2,
  'Физическая культура': 0.3,
  Музыка: 0.4,
  Литература: 0.15,
}

function markFor(subject: string, r: number): number {
  const x = r + (BIAS[subject] ?? 0) * 0.5
  return x > 0.62 ? 5 : x > 0.2 ? 4 : x > 0.035 ? 3 : 2
}

/** Exactly `count` marks spread evenly over the lessons the pupil attended. */
export function markRows(lessons: Lesson[], absent: Set<Lesson>, count: number): MarkRow[] {
  const r = rng(2024)
  const present = lessons.filter((l) => !absent.has(l))
  const ratio = count / present.length
  const rows: MarkRow[] = []
  present.forEach((l, idx) => {
    const n = Math.floor((idx + 1) * ratio) - Math.floor(idx * ratio)
    for (let k = 0; k < n; k++) {
      const workType = k === 0 ? (workTypeOf(l.topic) ?? EVERYDAY_WORK[Math.floor(r() * EVERYDAY_WORK.length)]) : 'Домашняя работа'
      rows.push({
        date: fmt(l.date),
        subject: l.subject,
        topic: l.topic,
        workType,
        weight: String(WORK_WEIGHTS[workType]),
        mark: String(markFor(l.subject, r())),
      })
    }
  })
  return rows
}

export function homeworkRows(lessons: Lesson[]): HomeworkRow[] {
  const next = new Map<string, Lesson[]>()
  for (const l of lessons) next.set(l.subject, [...(next.get(l.subject) ?? []), l])
  const rows: HomeworkRow[] = []
  const counters = new Map<string, number>()
  lessons.forEach((l) => {
    const make = HOMEWORK[l.subject]
    if (!make) return
    const own = next.get(l.subject) ?? []
    const due = own[own.indexOf(l) + 1]
    if (!due || due.date.getTime() === l.date.getTime()) return
    const n = counters.get(l.subject) ?? 0
    counters.set(l.subject, n + 1)
    rows.push({ date: fmt(due.date), subject: l.subject, text: make(n) })
  })
  return rows
}

/** Weighted average per subject and the forecast (≥ 4,60 → 5; ≥ 3,60 → 4; ≥ 2,60 → 3). */
export function forecastRows(marks: MarkRow[]): ForecastRow[] {
  const by = new Map<string, { sum: number; weight: number; count: number }>()
  for (const m of marks) {
    const s = by.get(m.subject) ?? { sum: 0, weight: 0, count: 0 }
    s.sum += Number(m.mark) * Number(m.weight)
    s.weight += Number(m.weight)
    s.count++
    by.set(m.subject, s)
  }
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'ru'))
    .map(([subject, s]) => {
      const avg = s.sum / s.weight
      const forecast = avg >= 4.6 ? 5 : avg >= 3.6 ? 4 : avg >= 2.6 ? 3 : 2
      const warning =
        s.count < 3
          ? 'Недостаточно отметок для аттестации (менее трёх)'
          : forecast === 2
            ? 'Риск неудовлетворительной отметки за период'
            : ''
      return { subject, weightedAverage: formatDecimal(avg), forecast: String(forecast), warning }
    })
}

export const formatIsoDate = (iso: string) => fmt(day(iso))
