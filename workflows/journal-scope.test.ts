import { describe, expect, it } from 'vitest'
import { forecastSubjects, lessonInScope, pupilInScope, scopeLessonWhere, scopeWindows, withoutCause } from './journal-scope'

const periods = [
  { kind: 'quarter', startsOn: '2026-09-01', endsOn: '2026-10-25' },
  { kind: 'quarter', startsOn: '2026-11-05', endsOn: '2026-12-28' },
  { kind: 'half', startsOn: '2026-09-01', endsOn: '2026-12-28' },
]

describe('a subject teacher’s part of the journal (ADR 108)', () => {
  it('reads a timetable row from the start of the period it begins in to its last day, and merges a pair’s rows', () => {
    const rows = [
      { groupId: 'g', subjectId: 's', validFrom: '2026-11-16', validTo: null },
      { groupId: 'g', subjectId: 's', validFrom: '2026-09-01', validTo: '2026-10-09' },
      { groupId: 'h', subjectId: 's', validFrom: '2026-10-30', validTo: '2026-11-01' },
    ]
    expect(scopeWindows(rows, periods, 5)).toEqual([
      { groupId: 'g', subjectId: 's', from: '2026-09-01', to: '2026-10-09' },
      // Taken over mid-quarter: the quarter from its first day (the final mark is theirs to set, Положение 4.4.6, 5.1).
      { groupId: 'g', subjectId: 's', from: '2026-11-05', to: null },
      // A row starting in the holidays: from its own first day.
      { groupId: 'h', subjectId: 's', from: '2026-10-30', to: '2026-11-01' },
    ])
    // A 10th grade counts by halves.
    expect(scopeWindows(rows.slice(0, 1), periods, 10)).toEqual([{ groupId: 'g', subjectId: 's', from: '2026-09-01', to: null }])
    expect(
      scopeWindows(
        [
          { groupId: 'g', subjectId: 's', validFrom: '2026-09-01', validTo: '2026-10-01' },
          { groupId: 'g', subjectId: 's', validFrom: '2026-09-15', validTo: '2026-10-20' },
        ],
        periods,
        5,
      ),
    ).toEqual([{ groupId: 'g', subjectId: 's', from: '2026-09-01', to: '2026-10-20' }])
  })

  it('holds the lessons of the windows and the lessons the teacher gave, nothing else', () => {
    const scope = { staffId: 't', windows: [{ groupId: 'g', subjectId: 's', from: '2026-09-01', to: '2026-10-09' }] }
    const lesson = { groupId: 'g', subjectId: 's', date: '2026-10-09', teacherId: 'x' }
    expect(lessonInScope(scope, lesson)).toBe(true)
    expect(lessonInScope(scope, { ...lesson, date: '2026-10-12' })).toBe(false)
    expect(lessonInScope(scope, { ...lesson, date: '2026-10-12', teacherId: 't' })).toBe(true)
    expect(lessonInScope(scope, { ...lesson, subjectId: 'm' })).toBe(false)
    expect(scopeLessonWhere(scope)).toEqual({
      OR: [{ teacherId: 't' }, { groupId: 'g', subjectId: 's', date: { gte: '2026-09-01', lte: '2026-10-09' } }],
    })
  })

  it('shows the forecast of a subject to the teacher who teaches the pupil’s group at the period’s last day read', () => {
    const scope = {
      staffId: 't',
      windows: [
        { groupId: 'g', subjectId: 'left', from: '2026-09-01', to: '2026-10-09' },
        { groupId: 'g', subjectId: 'now', from: '2026-09-01', to: null },
        { groupId: 'other', subjectId: 'elsewhere', from: '2026-09-01', to: null },
      ],
    }
    const member = [{ groupId: 'g', fromDate: '2026-09-01', toDate: null }]
    const q1 = { from: '2026-09-01', to: '2026-10-25' }
    expect(forecastSubjects(scope, member, { ...q1, until: '2026-10-25' })).toEqual(['now'])
    expect(forecastSubjects(scope, member, { ...q1, until: '2026-10-01' })).toEqual(['left', 'now'])
  })

  it('does not show a teacher the forecast of a group the pupil has left for another group of the subject', () => {
    // English in two groups; the pupil moves from group 1 (this teacher's) to group 2 after the first quarter.
    const scope = { staffId: 'a', windows: [{ groupId: 'g1', subjectId: 'en', from: '2026-09-01', to: null }] }
    const member = [
      { groupId: 'g1', fromDate: '2026-09-01', toDate: '2026-10-25' },
      { groupId: 'g2', fromDate: '2026-11-05', toDate: null },
    ]
    // The second quarter, while it runs and when read whole: the forecast would be built from group 2's marks.
    expect(forecastSubjects(scope, member, { from: '2026-11-05', to: '2026-12-28', until: '2026-12-10' })).toEqual([])
    expect(forecastSubjects(scope, member, { from: '2026-11-05', to: '2026-12-28', until: '2026-12-28' })).toEqual([])
    // The first quarter, when the pupil was in group 1: the teacher's own forecast.
    expect(forecastSubjects(scope, member, { from: '2026-09-01', to: '2026-10-25', until: '2026-10-25' })).toEqual(['en'])
  })

  it('keeps the forecast of a teacher whose timetable row ends on the last school day before the period’s last calendar day', () => {
    // The quarter ends on Sunday 28.12.2025; the row is valid to Friday 26.12.2025.
    const scope = { staffId: 'a', windows: [{ groupId: 'g', subjectId: 'en', from: '2025-11-10', to: '2025-12-26' }] }
    const member = [{ groupId: 'g', fromDate: '2025-09-01', toDate: null }]
    expect(forecastSubjects(scope, member, { from: '2025-11-10', to: '2025-12-28', until: '2025-12-28' })).toEqual(['en'])
    // A row that ended a fortnight before the quarter's end belongs to a teacher who left mid-period.
    const left = { ...scope, windows: [{ ...scope.windows[0], to: '2025-12-12' }] }
    expect(forecastSubjects(left, member, { from: '2025-11-10', to: '2025-12-28', until: '2025-12-28' })).toEqual([])
  })

  it('reads an absence without its cause', () => {
    expect(withoutCause({ kind: 'ill', reason: 'ОРВИ', valid: true })).toEqual({ kind: 'absent', reason: '', valid: true })
    expect(withoutCause({ kind: 'late' })).toEqual({ kind: 'late' })
  })
})

describe('the pupils a subject teacher opens (ADR 115)', () => {
  const substitute = { staffId: 't', windows: [] }
  const given = [{ groupId: 'g1', date: '2026-10-07' }]
  it('gives a substitute the members of the group of the lesson they gave, on its day, and no one else', () => {
    expect(pupilInScope(substitute, [{ groupId: 'g1', fromDate: '2026-09-01', toDate: null }], given)).toBe(true)
    expect(pupilInScope(substitute, [{ groupId: 'g2', fromDate: '2026-09-01', toDate: null }], given)).toBe(false)
    expect(pupilInScope(substitute, [{ groupId: 'g1', fromDate: '2026-10-08', toDate: null }], given)).toBe(false)
    expect(pupilInScope(substitute, [{ groupId: 'g1', fromDate: '2026-09-01', toDate: '2026-10-06' }], given)).toBe(false)
    expect(pupilInScope(substitute, [], given, true)).toBe(true)
  })

  it('gives a timetable teacher the members of their groups over the window’s dates', () => {
    const scope = { staffId: 't', windows: [{ groupId: 'g1', subjectId: 's', from: '2026-09-01', to: '2026-12-28' }] }
    expect(pupilInScope(scope, [{ groupId: 'g1', fromDate: '2026-12-01', toDate: null }], [])).toBe(true)
    expect(pupilInScope(scope, [{ groupId: 'g1', fromDate: '2027-01-12', toDate: null }], [])).toBe(false)
    expect(pupilInScope(scope, [{ groupId: 'g2', fromDate: '2026-09-01', toDate: null }], [])).toBe(false)
  })
})
