// Итоговые отметки (Порядок 2.5 ¶7; Положение об ЭЖ 3.7, 5.3, 5.4, 9.3): the period and year marks of a class,
// written in one transaction together with one notice job per pupil and period whose marks changed, so the
// parents with e-diary access hear of them within the day and a re-import of the same marks tells nobody twice.
import { jobPayload } from '#app/jobs/payloads'
import { lateFinalMarksWarning } from '#workflows/final-marks'
import { formatDate } from '#workflows/time'
import { SeenKeys, classIndex, currentYear, newId, pupilIndex, subjectIndex } from '../lookups.server'
import { TableChanges, refused } from '../plan.server'
import { PUPIL_ALIASES, PUPIL_WHOSE, RowReader, titledFor } from '../rows'
import type { Column, Issue, KindDef, Plan } from '../types'
import { markProblem, parseMark } from './marks.server'
import { readClass, readPeriod, readSubject } from './shared.server'

const NOTIFY_FINAL_MARKS = 'notify-final-marks'

const columns: Column[] = [
  { key: 'class', title: 'Класс', required: true, doc: '«5А».' },
  { key: 'pupil', title: 'Обучающийся', aliases: PUPIL_ALIASES, required: true, doc: 'ФИО одной строкой; обучающийся этого класса.' },
  {
    key: 'birthDate',
    title: 'Дата рождения',
    aliases: titledFor('Дата рождения', PUPIL_WHOSE),
    doc: 'ДД.ММ.ГГГГ; обязательна, если в классе есть полный тёзка.',
  },
  { key: 'subject', title: 'Предмет', required: true, doc: 'Название учебного предмета.' },
  {
    key: 'period',
    title: 'Период',
    aliases: ['Учебный период', 'Отчётный период'],
    required: true,
    doc:
      'Название отчётного периода текущего года: «1 четверть» (1–9 классы), «1 полугодие» (10–11 ' +
      'классы) или «Год» (годовая отметка). Ключ отметки: обучающийся + предмет + период.',
  },
  {
    key: 'mark',
    title: 'Отметка',
    aliases: ['Оценка', 'Итоговая отметка'],
    required: true,
    doc:
      '2, 3, 4, 5, «зачёт» или «незачёт»; «н/а» и «осв.» не допускаются (Положение 5.3). ' +
      'В 1-х классах итоговые отметки не выставляются (Положение 3.7).',
  },
]

type Row = { id: string; pupilId: string; subjectId: string; periodId: string; value: string; setAt: Date }

export const finalMarks: KindDef = {
  kind: 'final-marks',
  columns,
  grouping: ['class', 'subject', 'period'],
  async plan(rows, { client, schoolId, today, calendar }): Promise<Plan> {
    const year = await currentYear(client, schoolId)
    if (!year) return refused('В журнале не задан текущий учебный год.')
    const [classes, subjects, pupils, periods] = await Promise.all([
      classIndex(client, year.id),
      subjectIndex(client, schoolId),
      pupilIndex(client, schoolId),
      client.reportingPeriod.findMany({
        where: { academicYearId: year.id },
        select: { id: true, name: true, kind: true, startsOn: true, endsOn: true },
      }),
    ])
    const existing = await client.finalMark.findMany({
      where: { periodId: { in: periods.map((p) => p.id) }, pupil: { schoolId } },
      select: { id: true, pupilId: true, subjectId: true, periodId: true, value: true },
    })
    const byKey = new Map(existing.map((m) => [`${m.pupilId}|${m.subjectId}|${m.periodId}`, m]))
    const errors: Issue[] = []
    const warnings: Issue[] = []
    const warnedLate = new Set<string>()
    const seen = new SeenKeys()
    const now = new Date()
    const changes = new TableChanges<Row>()
    /** pupil|period → the subjects and marks that changed: one notice each. */
    const notices = new Map<string, { pupilId: string; periodId: string; marks: Array<{ subject: string; value: string }> }>()
    for (const row of rows) {
      const r = new RowReader(row, columns)
      const cls = readClass(r, classes, year.name)
      const pupilName = r.text('pupil', { required: true, max: 200 })
      const birth = r.day('birthDate', { years: 'born' })
      const found = cls && pupilName ? pupils.resolve(pupilName, birth, cls.id) : null
      if (typeof found === 'string') r.error('pupil', found)
      const pupil = found && typeof found !== 'string' ? found : null
      if (pupil && cls && pupil.classId !== cls.id) r.error('pupil', `${pupilName} не обучается в ${cls.name} классе.`)
      const subject = readSubject(r, subjects)
      const period = readPeriod(r, periods, year.name, cls, (name) => `отметка за «${name}» не выставляется`)
      if (period && today < period.startsOn)
        r.error('period', `Период «${period.name}» начинается ${formatDate(period.startsOn)}: итоговые отметки за него выставлять рано.`)
      if (pupil && period && pupil.enrolledOn > period.endsOn)
        r.error('pupil', `Обучающийся зачислен ${formatDate(pupil.enrolledOn)}, после окончания периода «${period.name}».`)
      if (pupil && period && pupil.leftOn && pupil.leftOn < period.startsOn)
        r.error('pupil', `Обучающийся выбыл ${formatDate(pupil.leftOn)}, до начала периода «${period.name}».`)
      const rawMark = r.text('mark', { required: true, max: 20 })
      const value = rawMark ? parseMark(rawMark) : null
      if (rawMark && !value) r.error('mark', markProblem(rawMark, true))
      if (cls?.grade === 1)
        r.error('class', 'В 1-х классах отметки, в том числе итоговые, в электронный журнал не выставляются (Положение об ЭЖ, п. 3.7).')
      const key = pupil && subject && period ? `${pupil.id}|${subject.id}|${period.id}` : null
      const earlier = r.ok && key ? seen.check(key, r.line) : null
      if (earlier) r.error('mark', `Отметка этого обучающегося по этому предмету за этот период уже указана в строке ${earlier}.`)
      errors.push(...r.issues)
      if (!r.ok || !key || !pupil || !subject || !period || !value) continue
      const stored = byKey.get(key)
      if (stored?.value === value) {
        changes.update(stored.id, {})
        continue
      }
      if (stored) changes.update(stored.id, { value, setAt: now })
      else changes.create({ id: newId(), pupilId: pupil.id, subjectId: subject.id, periodId: period.id, value, setAt: now })
      // Положение 5.4: a warning (the marks still load), once per period, naming the last day that was on time.
      const late = lateFinalMarksWarning(calendar, period, today)
      if (late && !warnedLate.has(period.id)) {
        warnedLate.add(period.id)
        warnings.push({ line: r.line, column: 'Период', message: late })
      }
      const noticeKey = `${pupil.id}|${period.id}`
      const notice = notices.get(noticeKey) ?? { pupilId: pupil.id, periodId: period.id, marks: [] }
      notice.marks.push({ subject: subject.name, value })
      notices.set(noticeKey, notice)
    }
    const plan = changes.plan(errors, (tx) => tx.finalMark)
    return {
      ...plan,
      warnings,
      async write(tx) {
        await plan.write(tx)
        // Порядок 2.5 ¶7, Положение 9.3: the parents are told through the outbox, in this same transaction.
        const jobs = [...notices.values()].map((n) => ({
          kind: NOTIFY_FINAL_MARKS,
          schoolId,
          idempotencyKey: `final-marks:${n.pupilId}:${n.periodId}:${newId()}`,
          payload: jobPayload(NOTIFY_FINAL_MARKS, { schoolId, ...n }),
        }))
        for (let i = 0; i < jobs.length; i += 500) await tx.outboxJob.createMany({ data: jobs.slice(i, i + 500) })
      },
    }
  },
}
