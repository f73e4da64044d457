// Monthly report on users' activity in the e-journal (Положение 7.1; the administrator's monitoring, 4.1.6, and
// the class teachers' monitoring of parents' use of the e-diary, 4.3.9): sign-ins and actions by role, parents'
// use of the e-diary by class, teachers' work in the journal.
import { db } from '#app/utils/db.server'
import { ROLE_LABELS, ROLES, type Role } from '#app/utils/permissions'
import {
  addDays,
  endOfLocalDay,
  formatDate,
  formatDateTime,
  localDateOf,
  parseLocalDay,
  startOfLocalDay,
  type LocalDay,
} from '#workflows/time'
import { monthLabel } from '#workflows/journal-rules'
import { isLateMark } from '#workflows/entry-deadlines'
import { bellsForShift } from '#workflows/bells'
import { actionLabel } from './audit-labels'
import { renderActivityReport, signatureName } from './control-documents.server'
import { SCHOOL_ACCOUNT } from './users.server'

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/
/** The worker keeping a month's report (stored-activity-reports.server.ts): not a user's activity, so not counted. */
export const STORE_ACTIVITY_REPORT_ACTION = 'store:activity-report'

/** What is wrong with a month asked for, in Russian: not ГГГГ-ММ, or not begun yet in the school's time zone. */
export function monthProblem(month: string, now: Date, timeZone: string): string | null {
  if (!MONTH_RE.test(month)) return 'Укажите месяц в виде ГГГГ-ММ, например 2026-11'
  const current = localDateOf(now, timeZone).slice(0, 7)
  return month > current ? `Месяц ${monthRange(month).label} ещё не наступил: отчёт можно составить за текущий или прошедший месяц` : null
}

/** The report's Word file name, the month in words («… за ноябрь 2026.docx»), not ГГГГ-ММ. */
export const activityReportFileName = (month: string) => `Отчёт об активности пользователей ЭЖ за ${monthLabel(month)}.docx`

export function monthRange(month: string): { from: LocalDay; to: LocalDay; label: string } {
  if (!MONTH_RE.test(month)) throw new RangeError(`Неверный месяц: «${month}», ожидается ГГГГ-ММ`)
  const from = `${month}-01`
  const { year, month: m } = parseLocalDay(from)
  const to = addDays(m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`, -1)
  return { from, to, label: `${monthLabel(month)} г.` }
}

const share = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)} %` : '—')
const full = (p: { lastName: string; firstName: string; middleName: string }) =>
  [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ')

export async function getActivityReport(schoolId: string, month: string, timeZone: string) {
  const range = monthRange(month)
  const at = { gte: startOfLocalDay(range.from, timeZone), lte: endOfLocalDay(range.to, timeZone) }
  const [users, events, failed, lessons, marks, links, bells] = await Promise.all([
    // The authority's administrator is none of the school's users (ADR 057).
    db.user.findMany({ where: { schoolId, ...SCHOOL_ACCOUNT }, include: { roles: true, staff: true } }),
    db.auditEvent.findMany({ where: { schoolId, at }, select: { userId: true, action: true, at: true } }),
    db.loginAttempt.findMany({ where: { success: false, at }, select: { login: true } }),
    db.lesson.findMany({
      where: { schoolId, date: { gte: range.from, lte: range.to } },
      select: { teacherId: true, topic: true, homework: true },
    }),
    db.mark.findMany({
      where: { setAt: at, lesson: { schoolId } },
      select: {
        setAt: true,
        workType: { select: { written: true } },
        lesson: {
          select: { teacherId: true, date: true, kind: true, period: true, group: { select: { class: { select: { shift: true } } } } },
        },
      },
    }),
    db.guardianLink.findMany({
      where: { pupil: { schoolId, leftOn: null }, guardian: { userId: { not: null } } },
      select: {
        guardian: { select: { userId: true } },
        pupil: { select: { class: { select: { name: true, grade: true, letter: true } } } },
      },
    }),
    db.bellPeriod.findMany({ where: { schoolId }, select: { shift: true, period: true, startsAt: true, endsAt: true } }),
  ])
  // Положение 4.4.1, 4.3.2, 4.6.4: marks that reached the journal after their due time, by the time they were written.
  const late = marks.filter((m) =>
    isLateMark(
      {
        lessonDate: m.lesson.date,
        lessonKind: m.lesson.kind,
        writtenWork: m.workType.written,
        lessonEndsAt: bellsForShift(bells, m.lesson.group.class.shift).find((b) => b.period === m.lesson.period)?.endsAt ?? null,
      },
      m.setAt,
      timeZone,
    ),
  )
  const rolesOf = new Map(users.map((u) => [u.id, u.roles.map((r) => r.role as Role)]))
  // A user with two roles (a class teacher who also teaches) is counted in both for «пользователей», but each
  // sign-in and action once, under the first of their roles in ROLES' order — so nothing is counted twice.
  const primaryOf = new Map(users.map((u) => [u.id, ROLES.find((r) => rolesOf.get(u.id)!.includes(r)) ?? null]))
  const byLogin = new Map(users.map((u) => [u.login, u.id]))
  const signIns = events.filter((e) => e.action === 'sign-in')
  const active = new Set(signIns.map((e) => e.userId))

  const roles = ROLES.map((role) => {
    const members = users.filter((u) => rolesOf.get(u.id)!.includes(role)).map((u) => u.id)
    const own = (userId: string | null | undefined) => Boolean(userId && primaryOf.get(userId) === role)
    const mine = events.filter((e) => own(e.userId))
    const activeCount = members.filter((id) => active.has(id)).length
    return {
      role: ROLE_LABELS[role],
      users: members.length,
      active: activeCount,
      share: share(activeCount, members.length),
      signIns: mine.filter((e) => e.action === 'sign-in').length,
      actions: mine.filter((e) => e.action !== 'sign-in').length,
      failed: failed.filter((f) => own(byLogin.get(f.login))).length,
    }
  }).filter((r) => r.users > 0)

  const actionCounts = new Map<string, number>()
  for (const e of events) {
    if (e.action === 'sign-in' || e.action === STORE_ACTIVITY_REPORT_ACTION) continue
    const role = e.userId ? (primaryOf.get(e.userId) ?? null) : null
    const key = `${role ? ROLE_LABELS[role] : 'без входа'}|${actionLabel(e.action)}`
    actionCounts.set(key, (actionCounts.get(key) ?? 0) + 1)
  }
  const actions = [...actionCounts.entries()]
    .map(([key, count]) => ({ role: key.split('|')[0], action: key.split('|')[1], count }))
    .sort((a, b) => a.role.localeCompare(b.role, 'ru') || b.count - a.count)

  const parentIds = users.filter((u) => rolesOf.get(u.id)!.includes('parent')).map((u) => u.id)
  const classMap = new Map<string, { order: number; parents: Set<string> }>()
  for (const l of links) {
    const c = l.pupil.class
    const entry = classMap.get(c.name) ?? { order: c.grade * 100 + c.letter.charCodeAt(0), parents: new Set<string>() }
    entry.parents.add(l.guardian.userId!)
    classMap.set(c.name, entry)
  }
  const classes = [...classMap.entries()]
    .sort((a, b) => a[1].order - b[1].order)
    .map(([className, c]) => {
      const activeCount = [...c.parents].filter((id) => active.has(id)).length
      return { className, parents: c.parents.size, active: activeCount, share: share(activeCount, c.parents.size) }
    })
  const parentsActive = parentIds.filter((id) => active.has(id)).length
  const parents = {
    total: parentIds.length,
    active: parentsActive,
    share: share(parentsActive, parentIds.length),
    views: events.filter((e) => e.action === 'view:pupil' && e.userId && rolesOf.get(e.userId)!.includes('parent')).length,
  }

  const teachers = users
    .filter((u) => u.staff && rolesOf.get(u.id)!.some((r) => r === 'teacher' || r === 'class_teacher'))
    .map((u) => {
      const staffId = u.staff!.id
      const own = lessons.filter((l) => l.teacherId === staffId)
      const mySignIns = signIns.filter((e) => e.userId === u.id)
      const last = mySignIns.reduce<Date | null>((m, e) => (!m || e.at > m ? e.at : m), null)
      return {
        name: full(u.staff!),
        signIns: mySignIns.length,
        lastSignIn: last ? formatDateTime(last, timeZone) : '—',
        lessons: own.length,
        topics: own.filter((l) => l.topic.trim()).length,
        homework: own.filter((l) => l.homework.trim()).length,
        marks: marks.filter((m) => m.lesson.teacherId === staffId).length,
        lateMarks: late.filter((m) => m.lesson.teacherId === staffId).length,
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'ru'))

  return {
    month: { key: month, ...range, fromText: formatDate(range.from), toText: formatDate(range.to) },
    roles,
    actions,
    parents,
    classes,
    teachers,
  }
}

type ActivityReport = Awaited<ReturnType<typeof getActivityReport>>

/** The report as a Word file, with the template version it was printed with. */
export async function activityReportDocx(
  schoolId: string,
  report: ActivityReport,
  now: Date,
  timeZone: string,
): Promise<{ docx: Buffer; version: string }> {
  const school = await db.school.findUniqueOrThrow({ where: { id: schoolId } })
  const s = (n: number) => String(n)
  return renderActivityReport(schoolId, {
    school: { fullName: school.fullName, address: school.address },
    month: { label: report.month.label, from: report.month.fromText, to: report.month.toText },
    roles: report.roles.map((r) => ({
      ...r,
      users: s(r.users),
      active: s(r.active),
      signIns: s(r.signIns),
      failed: s(r.failed),
      actions: s(r.actions),
    })),
    actions: report.actions.map((a) => ({ ...a, count: s(a.count) })),
    parents: {
      total: s(report.parents.total),
      active: s(report.parents.active),
      share: report.parents.share,
      views: s(report.parents.views),
    },
    classes: report.classes.map((c) => ({ ...c, parents: s(c.parents), active: s(c.active) })),
    teachers: report.teachers.map((t) => ({
      ...t,
      signIns: s(t.signIns),
      lessons: s(t.lessons),
      topics: s(t.topics),
      homework: s(t.homework),
      marks: s(t.marks),
    })),
    generatedAt: formatDateTime(now, timeZone),
    signer: { position: 'Директор', name: signatureName(school.directorName) },
  })
}
