import { describe, expect, it } from 'vitest'
import {
  absenceText,
  KINDS,
  KIND_LABELS,
  attendanceTotals,
  currentPeriod,
  emptyReason,
  gradeOneReason,
  isMemberOn,
  kindAllowedForGrade,
  membershipGroupIds,
  periodKindForGrade,
  periodUnderwayOn,
  rangeUnavailable,
  resolveRange,
  timetableOn,
  visibleToPupil,
  type PeriodInfo,
} from './journal-rules'

const P = (id: string, kind: string, ordinal: number, startsOn: string, endsOn: string): PeriodInfo => ({
  id,
  name: `${ordinal} ${kind === 'quarter' ? 'четверть' : 'полугодие'}`,
  kind,
  ordinal,
  startsOn,
  endsOn,
  closed: false,
})
const PERIODS = [
  P('q1', 'quarter', 1, '2026-09-01', '2026-10-24'),
  P('q2', 'quarter', 2, '2026-11-05', '2026-12-28'),
  P('q3', 'quarter', 3, '2027-01-12', '2027-03-20'),
  P('h1', 'half', 1, '2026-09-01', '2026-12-28'),
  P('h2', 'half', 2, '2027-01-12', '2027-05-26'),
]

describe('the six kinds', () => {
  it('are labelled with the words of the application form', () => {
    expect(KINDS).toEqual(['marks', 'timetable', 'homework', 'topics', 'attendance', 'access'])
    expect(KIND_LABELS.timetable).toBe('о расписании занятий на текущий учебный год')
    expect(KIND_LABELS.attendance).toBe('о посещаемости занятий обучающимся')
  })

  it('has no marks and no homework in the 1st grade, citing Положение 3.7', () => {
    expect(KINDS.filter((k) => !kindAllowedForGrade(k, 1))).toEqual(['marks', 'homework'])
    expect(KINDS.every((k) => kindAllowedForGrade(k, 2))).toBe(true)
    expect(gradeOneReason('marks')).toEqual({ available: false, code: 'grade-1', reason: expect.stringMatching(/оценки.*п\. 3\.7/) })
    expect(gradeOneReason('homework').reason).toMatch(/домашние задания.*3\.7/)
  })
})

describe('range', () => {
  const ctx = { periods: PERIODS, grade: 5, today: '2026-11-29', leftOn: null }

  it("uses quarters for grades 1–9 and halves for 10–11 (the school's curriculum)", () => {
    expect(periodKindForGrade(9)).toBe('quarter')
    expect(periodKindForGrade(10)).toBe('half')
    expect(currentPeriod(PERIODS, 5, '2026-11-29')?.id).toBe('q2')
    expect(currentPeriod(PERIODS, 11, '2026-11-29')?.id).toBe('h1')
  })

  it('in the holidays takes the last period begun, before the year the first', () => {
    expect(currentPeriod(PERIODS, 5, '2026-10-30')?.id).toBe('q1')
    expect(currentPeriod(PERIODS, 5, '2026-08-20')?.id).toBe('q1')
  })

  it('resolves the current period up to today', () => {
    expect(resolveRange('current', ctx)).toEqual({
      from: '2026-11-05',
      to: '2026-12-28',
      until: '2026-11-29',
      periodId: 'q2',
      label: '2 четверть (05.11.2026 – 28.12.2026)',
      status: 'ok',
      leftOn: null,
    })
  })

  it('resolves explicit dates and refuses reversed dates and unknown periods', () => {
    expect(resolveRange({ from: '2026-10-01', to: '2026-10-15' }, ctx)).toMatchObject({
      until: '2026-10-15',
      label: 'с 01.10.2026 по 15.10.2026',
      periodId: null,
    })
    expect(() => resolveRange({ from: '2026-10-15', to: '2026-10-01' }, ctx)).toThrow(/начало 15\.10\.2026 позже окончания/)
    expect(() => resolveRange({ periodId: 'nope' }, ctx)).toThrow('Учебный период не найден')
  })

  it('a period not yet begun is absent with a reason', () => {
    const range = resolveRange({ periodId: 'q3' }, ctx)
    expect(range.status).toBe('not-started')
    expect(rangeUnavailable(range)).toEqual({
      available: false,
      code: 'not-started',
      reason: '3 четверть (12.01.2027 – 20.03.2027): период ещё не начался (начало 12.01.2027), сведений в журнале нет.',
    })
  })

  it('a pupil who left yields data only up to the leaving date, and nothing after it', () => {
    const left = { ...ctx, leftOn: '2026-10-16' }
    const q1 = resolveRange({ periodId: 'q1' }, left)
    expect(q1).toMatchObject({ until: '2026-10-16', leftOn: '2026-10-16', status: 'ok' })
    expect(rangeUnavailable(q1)).toBeNull()
    const q2 = resolveRange('current', left)
    expect(q2.status).toBe('after-leaving')
    expect(rangeUnavailable(q2)?.reason).toBe(
      'Обучающийся выбыл 16.10.2026: за период 2 четверть (05.11.2026 – 28.12.2026) сведений в журнале нет.',
    )
    // Leaving after the range changes nothing.
    expect(resolveRange({ periodId: 'q1' }, { ...ctx, leftOn: '2026-12-01' }).leftOn).toBeNull()
  })

  it('empty data read «в журнале нет записей за период …»', () => {
    expect(emptyReason(resolveRange('current', ctx)).reason).toBe('В журнале нет записей за период 2 четверть (05.11.2026 – 28.12.2026).')
  })
})

describe('groups (Положение 4.4.9)', () => {
  it('«Перевод обучающихся из группы в группу … только по окончанию учебного периода (четверти, полугодия)»: day by day', () => {
    // Grade 5 (quarters): inside the 2nd quarter a transfer is refused; its first day, the holidays and the day after are not.
    expect(periodUnderwayOn(PERIODS, 5, '2026-11-05')).toBeNull()
    expect(periodUnderwayOn(PERIODS, 5, '2026-11-06')?.id).toBe('q2')
    expect(periodUnderwayOn(PERIODS, 5, '2026-12-28')?.id).toBe('q2')
    expect(periodUnderwayOn(PERIODS, 5, '2026-12-29')).toBeNull()
    expect(periodUnderwayOn(PERIODS, 5, '2027-01-12')).toBeNull()
    expect(periodUnderwayOn(PERIODS, 5, '2026-10-30')).toBeNull()
    // Grade 11 (halves): 30.10 is the holidays of grade 5 but the middle of the 1st half-year.
    expect(periodUnderwayOn(PERIODS, 11, '2026-10-30')?.id).toBe('h1')
    expect(periodUnderwayOn(PERIODS, 11, '2026-12-29')).toBeNull()
  })

  const memberships = [
    { groupId: 'all', fromDate: '2026-09-01', toDate: null },
    { groupId: 'eng1', fromDate: '2026-09-01', toDate: '2026-10-24' },
    { groupId: 'eng2', fromDate: '2026-11-05', toDate: null },
  ]
  const lessons = [
    { id: 1, groupId: 'all', date: '2026-09-02' },
    { id: 2, groupId: 'eng1', date: '2026-10-20' },
    { id: 3, groupId: 'eng1', date: '2026-11-10' },
    { id: 4, groupId: 'eng2', date: '2026-10-20' },
    { id: 5, groupId: 'eng2', date: '2026-11-10' },
    { id: 6, groupId: 'other', date: '2026-11-10' },
  ]

  it('shows only the lessons of the pupil’s own groups over the dates of membership', () => {
    expect(visibleToPupil(lessons, memberships).map((l) => l.id)).toEqual([1, 2, 5])
    expect(isMemberOn(memberships, 'eng1', '2026-10-24')).toBe(true)
    expect(isMemberOn(memberships, 'eng1', '2026-10-25')).toBe(false)
  })

  it('queries only the groups touching the range', () => {
    expect(membershipGroupIds(memberships, '2026-11-05', '2026-11-29')).toEqual(['all', 'eng2'])
  })

  it('takes the timetable in force on the day for the groups of that day', () => {
    const entries = [
      { id: 'a', groupId: 'all', validFrom: '2026-09-01', validTo: null },
      { id: 'b', groupId: 'eng1', validFrom: '2026-09-01', validTo: null },
      { id: 'c', groupId: 'eng2', validFrom: '2026-09-01', validTo: '2026-11-15' },
      { id: 'd', groupId: 'eng2', validFrom: '2026-11-16', validTo: null },
    ]
    expect(timetableOn(entries, memberships, '2026-11-29').map((e) => e.id)).toEqual(['a', 'd'])
  })
})

describe('attendance totals', () => {
  it('counts missed lessons (excused or not) and lateness by subject and by month', () => {
    const totals = attendanceTotals([
      { date: '2026-10-01', subject: 'Математика', kind: 'ill', valid: true },
      { date: '2026-10-01', subject: 'Русский язык', kind: 'ill', valid: true },
      { date: '2026-10-15', subject: 'Математика', kind: 'absent', valid: false },
      { date: '2026-11-03', subject: 'Математика', kind: 'late', valid: false },
    ])
    expect(totals.overall).toEqual({ absent: 1, ill: 2, late: 1, missed: 3, valid: 2, invalid: 1 })
    expect(totals.bySubject.map((s) => [s.subject, s.missed, s.late])).toEqual([
      ['Математика', 2, 1],
      ['Русский язык', 1, 0],
    ])
    expect(totals.byMonth.map((m) => [m.label, m.missed, m.valid])).toEqual([
      ['октябрь 2026', 3, 2],
      ['ноябрь 2026', 0, 0],
    ])
  })
})

describe('an attendance record as a parent reads it', () => {
  it('gives the teacher’s reason once, without repeating the kind it starts with', () => {
    expect(absenceText({ kind: 'ill', reason: 'болезнь (справка)', valid: true })).toBe('болезнь (уважительная причина: справка)')
    expect(absenceText({ kind: 'ill', reason: 'Болезнь', valid: true })).toBe('болезнь (уважительная причина)')
    expect(absenceText({ kind: 'late', reason: 'опоздание', valid: false })).toBe('опоздание')
    expect(absenceText({ kind: 'late', reason: 'опоздание — автобус', valid: false })).toBe('опоздание (автобус)')
  })

  it('says whether a missed lesson is excused, with or without a reason', () => {
    expect(absenceText({ kind: 'absent', reason: '', valid: false })).toBe('отсутствие (без уважительной причины)')
    expect(absenceText({ kind: 'absent', reason: '', valid: true })).toBe('отсутствие (уважительная причина)')
    expect(absenceText({ kind: 'absent', reason: 'семейные обстоятельства', valid: true })).toBe(
      'отсутствие (уважительная причина: семейные обстоятельства)',
    )
    expect(absenceText({ kind: 'absent', reason: 'проспал', valid: false })).toBe('отсутствие (проспал; без уважительной причины)')
  })
})
