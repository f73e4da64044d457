// Pupils and their movement. Arrival, leaving and a move to another class are recorded as PupilMovement events
// (Положение 4.1.7); a leaving date already in the journal is never overwritten by a file.
import { periodUnderwayOn } from '#workflows/journal-rules'
import { addDays, formatDate } from '#workflows/time'
import { parseClassName } from '#workflows/class-name'
import { birthDateProblem } from '#workflows/pupil-age'
import { personKey, yoCorrections } from '../fields'
import { SeenKeys, classIndex, currentYear, groupIndex, newId, pupilIndex, type GroupRecord } from '../lookups.server'
import { refused } from '../plan.server'
import { PUPIL_WHOSE, RowReader, WHOLE_NAME_TITLES, titledFor } from '../rows'
import type { Column, Issue, KindDef, Plan } from '../types'
import { SCHOOL_DAYS } from '#workflows/typed-day'

const columns: Column[] = [
  {
    key: 'lastName',
    title: 'Фамилия',
    aliases: titledFor('Фамилия', PUPIL_WHOSE),
    required: true,
    doc: 'Ключ обучающегося — ФИО и дата рождения вместе.',
    wholeName: [...WHOLE_NAME_TITLES, 'ФИО обучающегося', 'ФИО ученика'],
  },
  {
    key: 'firstName',
    title: 'Имя',
    aliases: titledFor('Имя', PUPIL_WHOSE),
    required: true,
    doc: 'Как в документе, удостоверяющем личность.',
  },
  { key: 'middleName', title: 'Отчество', aliases: titledFor('Отчество', PUPIL_WHOSE), doc: 'Пусто, если отчества нет.' },
  { key: 'birthDate', title: 'Дата рождения', aliases: titledFor('Дата рождения', PUPIL_WHOSE), required: true, doc: 'ДД.ММ.ГГГГ.' },
  {
    key: 'class',
    title: 'Класс',
    required: true,
    doc:
      '«5А»; класс текущего учебного года должен уже быть в журнале. Другой класс ' +
      'у существующего обучающегося — перевод в этот класс (записывается в движение обучающихся).',
  },
  {
    key: 'enrolledOn',
    title: 'Дата зачисления',
    doc: 'ДД.ММ.ГГГГ. Пусто — сегодня (или начало учебного года). Зачисление после начала года записывается как прибытие.',
  },
  {
    key: 'leftOn',
    title: 'Дата выбытия',
    doc: 'ДД.ММ.ГГГГ — записывается событие выбытия. Пусто — без изменений. Уже записанное выбытие файлом не меняется.',
  },
  { key: 'movedOn', title: 'Дата перевода', doc: 'ДД.ММ.ГГГГ: с какого дня действует перевод в другой класс. Пусто — сегодня.' },
  {
    key: 'groups',
    title: 'Группы',
    doc: 'Учебные группы класса через «|»: «Английский язык, группа 1 | Информатика, группа 2». Пусто — без изменений.',
  },
  { key: 'note', title: 'Примечание', doc: 'Основание движения: «прибыл из МОУ «СОШ № 3»».' },
]

const fio = (p: { lastName: string; firstName: string; middleName: string }) =>
  [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ')

type Membership = { id: string; groupId: string; pupilId: string; fromDate: string; toDate: string | null }

export const pupils: KindDef = {
  kind: 'pupils',
  columns,
  grouping: ['class', 'enrolledOn', 'movedOn', 'leftOn'],
  async plan(rows, { client, schoolId, today }): Promise<Plan> {
    const year = await currentYear(client, schoolId)
    if (!year) return refused('В журнале не задан текущий учебный год.')
    const [classes, index, memberships, periods] = await Promise.all([
      classIndex(client, year.id),
      pupilIndex(client, schoolId),
      client.groupMembership.findMany({
        where: { pupil: { schoolId } },
        select: { id: true, groupId: true, pupilId: true, fromDate: true, toDate: true },
      }),
      client.reportingPeriod.findMany({
        where: { academicYearId: year.id },
        select: { id: true, name: true, kind: true, ordinal: true, startsOn: true, endsOn: true, closed: true },
      }),
    ])
    const groups = await groupIndex(
      client,
      [...classes.values()].map((c) => c.id),
    )
    const classById = new Map([...classes.values()].map((c) => [c.id, c]))
    const groupClass = new Map<string, string>()
    for (const c of classes.values()) for (const g of groups.ofClass(c.id)) groupClass.set(g.id, c.id)
    const membershipsOf = new Map<string, Membership[]>()
    for (const m of memberships) membershipsOf.set(m.pupilId, [...(membershipsOf.get(m.pupilId) ?? []), m])
    const defaultDay = today < year.startsOn ? year.startsOn : today > year.endsOn ? year.endsOn : today

    const errors: Issue[] = []
    const warnings: Issue[] = []
    const seen = new SeenKeys()
    const newPupils: object[] = []
    const newMemberships: Membership[] = []
    const movements: object[] = []
    const pupilUpdates: Array<{
      id: string
      data: { classId?: string; leftOn?: string; lastName?: string; firstName?: string; middleName?: string }
    }> = []
    const closeMemberships: Array<{ id: string; toDate: string }> = []
    const dropMemberships: string[] = []
    let created = 0
    let updated = 0
    let unchanged = 0

    /** Ends the pupil's memberships still open on `day` (a membership starting on or after it never took effect). */
    const endMemberships = (pupilId: string, day: string, only?: (m: Membership) => boolean) => {
      for (const m of membershipsOf.get(pupilId) ?? []) {
        if ((m.toDate !== null && m.toDate < day) || (only && !only(m))) continue
        if (m.fromDate >= day) dropMemberships.push(m.id)
        else if (m.toDate === null || m.toDate >= day) closeMemberships.push({ id: m.id, toDate: addDays(day, -1) })
      }
    }
    const join = (pupilId: string, list: GroupRecord[], from: string, to: string | null) => {
      for (const g of list) newMemberships.push({ id: newId(), groupId: g.id, pupilId, fromDate: from, toDate: to })
    }

    for (const row of rows) {
      const r = new RowReader(row, columns)
      const person = { lastName: r.name('lastName'), firstName: r.name('firstName'), middleName: r.name('middleName', { required: false }) }
      const birthDate = r.day('birthDate', { required: true, years: 'born' })
      if (birthDate && birthDate > today) r.error('birthDate', `Дата рождения ${formatDate(birthDate)} позже сегодняшнего дня.`)
      const rawClass = r.text('class', { required: true })
      const cls = rawClass ? classes.get(parseClassName(rawClass)?.name ?? '') : undefined
      if (rawClass && !cls) r.error('class', `Класс «${rawClass}» не найден в текущем учебном году ${year.name}: сначала загрузите классы.`)
      const enrolledOn = r.day('enrolledOn', { years: SCHOOL_DAYS })
      const leftOn = r.day('leftOn', { years: SCHOOL_DAYS })
      const movedOn = r.day('movedOn', { years: SCHOOL_DAYS })
      const note = r.text('note', { max: 300 })
      if (enrolledOn && leftOn && leftOn < enrolledOn) r.error('leftOn', 'Дата выбытия раньше даты зачисления.')
      const groupNames = r
        .raw('groups')
        .split('|')
        .map((g) => g.trim())
        .filter(Boolean)
      const listed: GroupRecord[] = []
      if (cls) {
        for (const name of groupNames) {
          const g = groups.find(cls.id, name)
          if (g) listed.push(g)
          else r.error('groups', `В классе ${cls.name} нет группы «${name}»: сначала загрузите классы и группы.`)
        }
      }
      if (r.ok && birthDate) {
        // «Семёнов Пётр» and «Семенов Петр» born the same day are one pupil (personKey reads «ё» as «е»).
        const earlier = seen.check(personKey(person, birthDate), r.line)
        if (earlier) r.error('lastName', `Обучающийся повторяется: та же ФИО и дата рождения в строке ${earlier}.`)
      }
      const found = r.ok && birthDate ? index.get(person, birthDate) : null
      // Without the patronymic (or with another one) the same pupil would be created a second time.
      const namesake = !found && r.ok && birthDate ? index.otherPatronymic(person, birthDate)[0] : undefined
      if (namesake)
        r.error(
          'middleName',
          `В журнале уже есть «${fio(namesake)}» с той же датой рождения ${formatDate(namesake.birthDate)}` +
            `${classById.get(namesake.classId) ? ` (${classById.get(namesake.classId)!.name})` : ''}: если это тот же ` +
            'обучающийся, укажите отчество, как в журнале.',
        )
      if (found && cls) {
        if (found.leftOn && leftOn && leftOn !== found.leftOn)
          r.error('leftOn', `По журналу обучающийся выбыл ${formatDate(found.leftOn)}: дата выбытия через импорт не меняется.`)
        if (found.leftOn && cls.id !== found.classId)
          r.error('class', `Обучающийся выбыл ${formatDate(found.leftOn)}: перевод в другой класс невозможен.`)
        if (!found.leftOn && leftOn && cls.id !== found.classId)
          r.error('leftOn', 'В одной строке и перевод в другой класс, и выбытие: загрузите их отдельными файлами.')
        if (!found.leftOn && leftOn && leftOn < found.enrolledOn)
          r.error('leftOn', `Дата выбытия раньше даты зачисления по журналу (${formatDate(found.enrolledOn)}).`)
        if (cls.id !== found.classId && (movedOn ?? defaultDay) <= found.enrolledOn)
          r.error('movedOn', `Дата перевода должна быть позже даты зачисления (${formatDate(found.enrolledOn)}).`)
      }
      // A new pupil's birth date against the school year: this year's date typed in the birth column is refused.
      const ageProblem = !found && birthDate ? birthDateProblem(birthDate, year.startsOn) : null
      if (ageProblem) r.error('birthDate', ageProblem)
      errors.push(...r.issues)
      if (!r.ok || !cls || !birthDate) continue

      if (!found) {
        const id = newId()
        const from = enrolledOn ?? defaultDay
        newPupils.push({ id, schoolId, ...person, birthDate, classId: cls.id, enrolledOn: from, leftOn })
        index.add({ id, ...person, birthDate, classId: cls.id, enrolledOn: from, leftOn })
        join(id, [groups.find(cls.id, '')!, ...listed], from, leftOn)
        if (from > year.startsOn)
          movements.push({ id: newId(), pupilId: id, kind: 'arrived', date: from, fromClassId: null, toClassId: cls.id, note })
        if (leftOn) movements.push({ id: newId(), pupilId: id, kind: 'left', date: leftOn, fromClassId: cls.id, toClassId: null, note })
        created++
        continue
      }
      // A later file may correct «Семенов Петр» to «Семёнов Пётр»: the same pupil, spelled right.
      const spelling = yoCorrections(found, person)
      const renamed = Object.keys(spelling).length > 0
      if (renamed) {
        pupilUpdates.push({ id: found.id, data: spelling })
        warnings.push({
          line: r.line,
          column: 'Фамилия',
          message: `Написание ФИО исправлено по файлу: «${fio(found)}» → «${fio(person)}».`,
        })
        Object.assign(found, spelling)
      }
      if (enrolledOn && enrolledOn !== found.enrolledOn) {
        warnings.push({
          line: r.line,
          column: 'Дата зачисления',
          message:
            `В журнале дата зачисления ${formatDate(found.enrolledOn)}, в файле ` +
            `${formatDate(enrolledOn)}: дата зачисления через импорт не меняется.`,
        })
      }
      if (found.leftOn) {
        if (renamed) updated++
        else unchanged++
        continue
      }
      if (leftOn) {
        pupilUpdates.push({ id: found.id, data: { leftOn } })
        movements.push({ id: newId(), pupilId: found.id, kind: 'left', date: leftOn, fromClassId: found.classId, toClassId: null, note })
        endMemberships(found.id, addDays(leftOn, 1))
        updated++
        continue
      }
      if (cls.id !== found.classId) {
        const day = movedOn ?? defaultDay
        // A list from last year («7А» for a pupil now in 8А) would move every pupil down a grade: said, row by row.
        const from = classById.get(found.classId)
        if (from && from.grade !== cls.grade)
          warnings.push({
            line: r.line,
            column: 'Класс',
            message:
              `Перевод из ${from.name} в ${cls.name} — в класс другой параллели — с ${formatDate(day)}: проверьте, что ` +
              `в файле классы текущего учебного года ${year.name}.`,
          })
        pupilUpdates.push({ id: found.id, data: { classId: cls.id } })
        movements.push({ id: newId(), pupilId: found.id, kind: 'moved', date: day, fromClassId: found.classId, toClassId: cls.id, note })
        endMemberships(found.id, day, (m) => groupClass.get(m.groupId) !== cls.id)
        join(found.id, [groups.find(cls.id, '')!, ...listed], day, null)
        updated++
        continue
      }
      if (groupNames.length) {
        // Положение 4.4.9: a change of group takes effect from today (only between periods); the past stays with the old group.
        const day = defaultDay > found.enrolledOn ? defaultDay : found.enrolledOn
        const open = (membershipsOf.get(found.id) ?? []).filter((m) => m.fromDate <= day && (m.toDate === null || m.toDate >= day))
        const current = new Set(open.map((m) => m.groupId))
        const wanted = new Set(listed.map((g) => g.id))
        const leave = open.filter(
          (m) =>
            groupClass.get(m.groupId) === cls.id &&
            !groups.ofClass(cls.id).find((g) => g.id === m.groupId)?.wholeClass &&
            !wanted.has(m.groupId),
        )
        const enter = listed.filter((g) => !current.has(g.id))
        // Положение 4.4.9: «Перевод обучающихся из группы в группу может быть произведен администратором ЭЖ только по
        // окончанию учебного периода (четверти, полугодия)». Inside a period the row is refused (nothing is written).
        const underway = leave.length || enter.length ? periodUnderwayOn(periods, cls.grade, day) : null
        if (underway) {
          errors.push({
            line: r.line,
            column: 'Группы',
            message:
              'Перевод из группы в группу возможен только по окончании учебного периода (Положение об ЭЖ, п. 4.4.9): ' +
              `${underway.name} идёт до ${formatDate(underway.endsOn)}. Загрузите изменение групп после окончания периода.`,
          })
          continue
        }
        if (leave.length || enter.length) {
          const gone = new Set(leave.map((m) => m.id))
          endMemberships(found.id, day, (m) => gone.has(m.id))
          join(found.id, enter, day, null)
          updated++
          continue
        }
      }
      if (renamed) updated++
      else unchanged++
    }
    return {
      errors,
      warnings,
      created,
      updated,
      unchanged,
      async write(tx) {
        if (newPupils.length) await tx.pupil.createMany({ data: newPupils as never })
        for (const u of pupilUpdates) await tx.pupil.update({ where: { id: u.id }, data: u.data })
        for (const m of closeMemberships) await tx.groupMembership.update({ where: { id: m.id }, data: { toDate: m.toDate } })
        if (dropMemberships.length) await tx.groupMembership.deleteMany({ where: { id: { in: dropMemberships } } })
        if (newMemberships.length) await tx.groupMembership.createMany({ data: newMemberships })
        if (movements.length) await tx.pupilMovement.createMany({ data: movements as never })
      },
    }
  },
}
