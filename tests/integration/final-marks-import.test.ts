// Итоговые отметки (Порядок 2.5 ¶7; Положение об ЭЖ 3.6, 3.7, 5.3, 5.4, 9.3): the final-marks import checks every
// row in Russian and writes all or nothing; the marks show in the parent's period view at once; each parent of the
// pupil with e-diary access gets one letter through the outbox and a real SMTP server — once, even when the same
// file is loaded again — and another family's parent sees and receives nothing.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { applyImport, dryRunImport } from '#app/import/run.server'
import { runOutbox } from '#app/jobs/outbox.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { sendDueEmails } from '#app/mail/send-email.server'
import { getDiaryPeriod } from '#app/models/journal/diary.server'
import { loader as childLoader } from '#app/routes/parent.children.$pupilId'
import { ProductionCalendar } from '#workflows/calendar'
import { finalMarksDeadline } from '#workflows/final-marks'
import { addDays, formatDate } from '#workflows/time'
import { signIn } from '#tests/helpers/auth'
import { getRequest, settle } from '#tests/helpers/http'
import { startSmtpSink, type SmtpSink } from '#tests/setup/mail-servers'

const SCHOOL = 'school_8'
const later = (ms: number) => new Date(Date.now() + ms)
const cell = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.map(cell).join(';')).join('\n'))
const HEADER = ['Класс', 'Обучающийся', 'Дата рождения', 'Предмет', 'Период', 'Отметка']
const input = (rows: string[][], today: string, fileName = 'final-marks.csv') => ({
  schoolId: SCHOOL,
  kind: 'final-marks' as const,
  fileName,
  bytes: csv([HEADER, ...rows]),
  today,
})
const fio = (p: { lastName: string; firstName: string; middleName: string }) => `${p.lastName} ${p.firstName} ${p.middleName}`
const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} })

let sink: SmtpSink
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'final-marks-'))

beforeAll(async () => {
  sink = await startSmtpSink()
  overrideMailSettings({ smtp: { host: '127.0.0.1', port: sink.port, secure: false }, dataDir, messageIdDomain: 'school8.example.org' })
})
afterAll(async () => {
  overrideMailSettings({ smtp: null })
  await sink.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})
beforeEach(async () => {
  sink.messages.length = 0
  await db.outboxJob.updateMany({ where: { status: 'pending' }, data: { status: 'cancelled' } })
})

/** The demo login 'parent' (with an e-mail), their child of grades 2–9, and the other family of 'parent2'. */
async function families() {
  const load = (login: string) =>
    db.user.findUniqueOrThrow({
      where: { login },
      include: { guardian: { include: { links: { include: { pupil: { include: { class: true } } } } } } },
    })
  const [own, other] = await Promise.all([load('parent'), load('parent2')])
  await db.guardian.update({ where: { id: own.guardian!.id }, data: { email: 'parent-final@example.ru' } })
  await db.guardian.update({ where: { id: other.guardian!.id }, data: { email: 'parent2-final@example.ru' } })
  const child = own.guardian!.links.map((l) => l.pupil).find((p) => p.class.grade >= 2 && p.class.grade <= 9 && p.leftOn === null)!
  const otherChild = other.guardian!.links.map((l) => l.pupil).find((p) => !own.guardian!.links.some((l) => l.pupilId === p.id))!
  const periods = await db.reportingPeriod.findMany({ where: { academicYear: { current: true } } })
  const quarter = (n: number) => periods.find((p) => p.kind === 'quarter' && p.ordinal === n)!
  return { child, otherChild, quarter, year: periods.find((p) => p.kind === 'year')! }
}

describe('final marks: a good file', () => {
  it('shows in the period view at once, tells each parent with access once by e-mail and on the page, and no other family', async () => {
    const { child, otherChild, quarter } = await families()
    const q2 = quarter(2)
    const today = addDays(q2.startsOn, 14) // well before the deadline: no warning
    await db.finalMark.deleteMany({ where: { pupilId: child.id, periodId: q2.id } })
    const rows = [
      [child.class.name, fio(child), '', 'Математика', '2 четверть', '5'],
      [child.class.name, fio(child), '', 'Русский язык', '2 четверть', '4'],
    ]
    const dry = await dryRunImport(input(rows, today))
    expect(dry).toMatchObject({ ok: true, applied: false, errors: [], warnings: [], counts: { created: 2, updated: 0, unchanged: 0 } })
    expect(await db.finalMark.count({ where: { pupilId: child.id, periodId: q2.id } })).toBe(0)
    const jobsBefore = await db.outboxJob.count({ where: { kind: 'notify-final-marks' } })

    const applied = await applyImport(input(rows, today))
    expect(applied).toMatchObject({ ok: true, applied: true, counts: { created: 2 } })
    expect(await db.outboxJob.count({ where: { kind: 'notify-final-marks' } })).toBe(jobsBefore + 1)

    // The period view shows them at once (Порядок 2.5 ¶7).
    const view = await getDiaryPeriod(SCHOOL, child.id, q2.id, { today })
    expect(view!.result.available).toBe(true)
    const subjects = view!.result.available ? view!.result.subjects : []
    expect(subjects.find((s) => s.subject === 'Математика')!.finals).toContainEqual({ period: '2 четверть', value: '5' })
    expect(subjects.find((s) => s.subject === 'Русский язык')!.finals).toContainEqual({ period: '2 четверть', value: '4' })

    // The page names them as new (the parent's own child only).
    const cookie = await signIn('parent')
    const page = await settle(() =>
      childLoader(args(getRequest(`/parent/children/${child.id}?view=period&period=${q2.id}`, cookie), { pupilId: child.id })),
    )
    expect(page.status).toBe(200)
    const body = await page.json()
    expect(body.newFinals).toEqual([
      {
        periodId: q2.id,
        period: '2 четверть',
        setOn: expect.stringMatching(/^\d\d\.\d\d\.\d{4}$/),
        marks: [
          { subject: 'Математика', value: '5' },
          { subject: 'Русский язык', value: '4' },
        ],
      },
    ])

    // The letter: through the outbox to the real SMTP server, to the parents of this pupil with access and an address.
    await runOutbox(later(1000))
    await runOutbox(later(2000)) // a second pass queues nothing more
    await sendDueEmails(later(3000))
    const withAccess = await db.guardianLink.findMany({
      where: { pupilId: child.id, guardian: { email: { not: '' }, user: { is: { lockedAt: null } } } },
      include: { guardian: true },
    })
    expect(withAccess.map((l) => l.guardian.email)).toContain('parent-final@example.ru')
    const letters = sink.messages.filter((m) => m.parsed.subject?.startsWith('Итоговые отметки'))
    expect(letters.flatMap((m) => m.envelopeTo).sort()).toEqual(withAccess.map((l) => l.guardian.email).sort())
    const letter = letters.find((m) => m.envelopeTo.includes('parent-final@example.ru'))!
    expect(letter.parsed.subject).toBe(`Итоговые отметки за период «2 четверть»: ${fio(child)}`)
    expect(letter.parsed.text).toContain('Математика — 5')
    expect(letter.parsed.text).toContain('Русский язык — 4')
    expect(letter.parsed.text).toContain(`/parent/children/${child.id}?view=period&period=${q2.id}`)

    // Loading the same file again changes nothing and tells nobody again.
    const again = await applyImport(input(rows, addDays(today, 1)))
    expect(again).toMatchObject({ applied: true, counts: { created: 0, updated: 0, unchanged: 2 } })
    expect(await db.outboxJob.count({ where: { kind: 'notify-final-marks' } })).toBe(jobsBefore + 1)
    await runOutbox(later(4000))
    await sendDueEmails(later(5000))
    expect(sink.messages.filter((m) => m.parsed.subject?.startsWith('Итоговые отметки'))).toHaveLength(letters.length)

    // Положение 3.6: another family's parent got no letter and cannot open this child; their own child shows nothing new.
    expect(sink.messages.some((m) => m.envelopeTo.includes('parent2-final@example.ru'))).toBe(false)
    const cookie2 = await signIn('parent2')
    const refused = await settle(() =>
      childLoader(args(getRequest(`/parent/children/${child.id}?view=period&period=${q2.id}`, cookie2), { pupilId: child.id })),
    )
    expect(refused.status).toBe(404)
    const ownPage = await settle(() =>
      childLoader(args(getRequest(`/parent/children/${otherChild.id}`, cookie2), { pupilId: otherChild.id })),
    )
    expect(ownPage.status).toBe(200)
    expect((await ownPage.json()).newFinals).toEqual([])

    // A changed mark is written and told again, with only the change.
    const changed = await applyImport(
      input([rows[0], [child.class.name, fio(child), '', 'Русский язык', '2 четверть', '5']], addDays(today, 2)),
    )
    expect(changed).toMatchObject({ applied: true, counts: { created: 0, updated: 1, unchanged: 1 } })
    await runOutbox(later(6000))
    await sendDueEmails(later(7000))
    const second = sink.messages.filter(
      (m) => m.parsed.subject?.startsWith('Итоговые отметки') && m.envelopeTo.includes('parent-final@example.ru'),
    )
    expect(second).toHaveLength(2)
    expect(second[1].parsed.text).toContain('Русский язык — 5')
    expect(second[1].parsed.text).not.toContain('Математика')
  })
})

describe('final marks: bad rows', () => {
  it('names each problem in Russian with its line, and the apply writes nothing and queues no notice', async () => {
    const { child, quarter } = await families()
    const q2 = quarter(2)
    const today = addDays(q2.startsOn, 14)
    const senior = await db.pupil.findFirstOrThrow({ where: { class: { grade: 10 }, leftOn: null } })
    const seniorClass = await db.schoolClass.findUniqueOrThrow({ where: { id: senior.classId } })
    const elsewhere = await db.pupil.findFirstOrThrow({
      where: { classId: { not: child.classId }, class: { grade: { gte: 2, lte: 9 } }, leftOn: null },
    })
    const c = child.class.name
    const good = [c, fio(child), '', 'Математика', '2 четверть', '5']
    const rows = [
      good, // line 2
      ['5Я', fio(child), '', 'Математика', '2 четверть', '5'],
      [c, fio(child), '', 'Алхимия', '2 четверть', '5'],
      [c, fio(child), '', 'Математика', '5 четверть', '5'],
      [c, fio(child), '', 'Математика', '1 полугодие', '5'],
      [c, fio(child), '', 'Физическая культура', '2 четверть', 'осв.'],
      [c, fio(child), '', 'Русский язык', '2 четверть', 'н/а'],
      [c, fio(child), '', 'Литература', '2 четверть', '6'],
      [c, fio(elsewhere), '', 'Математика', '2 четверть', '4'],
      good, // line 11: the same mark again
      [c, fio(child), '', 'Математика', '3 четверть', '5'],
      [seniorClass.name, fio(senior), '', 'Математика', '1 полугодие', '4'],
    ]
    const before = await db.finalMark.count()
    const jobs = await db.outboxJob.count({ where: { kind: 'notify-final-marks' } })
    const report = await dryRunImport(input(rows, today))
    expect(report.ok).toBe(false)
    const at = (line: number) => report.errors.filter((e) => e.line === line).map((e) => `${e.column}: ${e.message}`)
    expect(at(2)).toEqual([])
    expect(at(3)).toEqual([expect.stringMatching(/^Класс: Класс «5Я» не найден в текущем учебном году/)])
    expect(at(4)).toEqual(['Предмет: Предмет «Алхимия» не найден: сначала загрузите учебные предметы.'])
    expect(at(5)).toEqual([expect.stringMatching(/^Период: Период «5 четверть» не найден в учебном году .*: допустимы «/)])
    expect(at(6)).toEqual([`Период: В ${c} классе отчётный период — четверть: отметка за «1 полугодие» не выставляется.`])
    expect(at(7)).toEqual([
      'Отметка: Запись «осв.» в итоговых отметках не допускается (Положение об ЭЖ, п. 5.3): сроки аттестации продлеваются приказом.',
    ])
    expect(at(8)).toEqual([
      'Отметка: Запись «н/а» в итоговых отметках не допускается (Положение об ЭЖ, п. 5.3): сроки аттестации продлеваются приказом.',
    ])
    expect(at(9)).toEqual(['Отметка: Отметка «6» вне допустимых значений: 2, 3, 4, 5, «зачёт», «незачёт».'])
    expect(at(10)).toEqual([expect.stringMatching(/^Обучающийся: (Обучающийся «.*» не найден\.|.* не обучается в .* классе\.)$/)])
    expect(at(11)).toEqual(['Отметка: Отметка этого обучающегося по этому предмету за этот период уже указана в строке 2.'])
    expect(at(12)).toEqual([
      expect.stringMatching(/^Период: Период «3 четверть» начинается \d\d\.\d\d\.\d{4}: итоговые отметки за него выставлять рано\.$/),
    ])
    expect(at(13)).toEqual([])
    expect(report.counts.created + report.counts.updated + report.counts.unchanged).toBe(2)

    const applied = await applyImport(input(rows, today))
    expect(applied.applied).toBe(false)
    expect(applied.errors).toHaveLength(report.errors.length)
    expect(await db.finalMark.count()).toBe(before)
    expect(await db.outboxJob.count({ where: { kind: 'notify-final-marks' } })).toBe(jobs)
  })

  it('refuses the 1st grade row by row (Положение 3.7) and writes nothing', async () => {
    const firsts = await db.pupil.findMany({ where: { class: { grade: 1 }, leftOn: null }, include: { class: true }, take: 2 })
    const q1 = (await families()).quarter(1)
    const before = await db.finalMark.count()
    const rows = firsts.map((p) => [p.class.name, fio(p), '', 'Математика', '1 четверть', '5'])
    const report = await applyImport(input(rows, addDays(q1.startsOn, 20)))
    expect(report.applied).toBe(false)
    expect(report.errors.map((e) => [e.line, e.column, e.message])).toEqual(
      firsts.map((_, i) => [
        i + 2,
        'Класс',
        'В 1-х классах отметки, в том числе итоговые, в электронный журнал не выставляются (Положение об ЭЖ, п. 3.7).',
      ]),
    )
    expect(await db.finalMark.count()).toBe(before)
  })
})

describe('final marks: the deadline (Положение 5.4)', () => {
  it('loads a late file with a warning naming the last day by the production calendar; on time there is none', async () => {
    const { child, quarter } = await families()
    const q1 = quarter(1)
    const deadline = finalMarksDeadline(new ProductionCalendar(), q1.endsOn)
    expect(deadline < q1.endsOn).toBe(true)
    const stored = await db.finalMark.findFirst({ where: { pupilId: child.id, periodId: q1.id, subject: { name: 'Математика' } } })
    const value = stored?.value === '5' ? '4' : '5'
    const rows = [[child.class.name, fio(child), '', 'Математика', '1 четверть', value]]

    const onTime = await dryRunImport(input(rows, deadline))
    expect(onTime.warnings).toEqual([])
    const late = await applyImport(input(rows, q1.endsOn))
    expect(late.applied).toBe(true)
    expect(late.warnings.map((w) => [w.line, w.column, w.message])).toEqual([
      [
        2,
        'Период',
        `Итоговые отметки за период «1 четверть» выставляются не позднее ${formatDate(deadline)} — за 2 ` +
          `рабочих дня до окончания периода ${formatDate(q1.endsOn)} (Положение об ЭЖ, п. 5.4). Сегодня ` +
          `${formatDate(q1.endsOn)}: отметки будут загружены, но с опозданием.`,
      ],
    ])
    expect(
      (await db.finalMark.findFirstOrThrow({ where: { pupilId: child.id, periodId: q1.id, subject: { name: 'Математика' } } })).value,
    ).toBe(value)
  })

  it('takes the year mark by «Год»', async () => {
    const { child, quarter, year } = await families()
    const report = await applyImport(
      input([[child.class.name, fio(child), '', 'Математика', 'Год', '5']], addDays(quarter(2).startsOn, 14)),
    )
    expect(report.applied).toBe(true)
    expect(
      (await db.finalMark.findFirstOrThrow({ where: { pupilId: child.id, periodId: year.id, subject: { name: 'Математика' } } })).value,
    ).toBe('5')
  })
})
