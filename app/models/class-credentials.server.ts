// Положение 3.1, 4.3.7: the class teacher hands e-diary credentials to the parents of the class under signature and
// watches their access. Reads for the class page: which class a user may issue credentials for, and the class's
// guardians with the state of their accounts.
import { NOTHING_SELECTED, PASSWORD_WORKS, UNCONFIRMED_HOW, type AccountState } from '#app/components/class-credentials-schema'
export { PASSWORD_WORKS }
import type { Prisma } from '#app/generated/prisma/client'
import { db } from '#app/utils/db.server'
import { ONE_TIME_PASSWORD_DAYS, type SessionUser } from '#app/utils/auth.server'
import { can } from '#app/utils/permissions'
import { confirmedForAll, isConfirmedLink } from '#workflows/guardian-status'
import { formatDate } from '#workflows/time'
import { fullName } from './school.server'
import { own } from '#workflows/own'

/**
 * The class if the user may issue credentials for it: the class teacher for the class they lead
 * ('issue:credentials:own' — not a subject teacher who only teaches there), the ЭЖ administrator for any class.
 */
export async function classForCredentials(user: Pick<SessionUser, 'schoolId' | 'roles' | 'staffId'>, classId: string) {
  const cls = await db.schoolClass.findFirst({ where: { id: classId, schoolId: user.schoolId }, include: { classTeacher: true } })
  if (!cls) return null
  if (can(user.roles, 'issue:credentials:any')) return cls
  if (can(user.roles, 'issue:credentials:own') && user.staffId && cls.classTeacherId === user.staffId) return cls
  return null
}

/**
 * ADR 114: who records that a document proved a guardian's status for a child of the class — the class teacher, who
 * hands the parents their credentials under signature (Положение 3.1, 4.3.7), and not an ЭЖ administrator (who opens
 * accounts: confirming too, they would open one for anyone they added).
 */
export function mayConfirmStatus(user: Pick<SessionUser, 'roles' | 'staffId'>, cls: { classTeacherId: string | null }): boolean {
  return can(user.roles, 'issue:credentials:own') && !user.roles.includes('admin') && !!user.staffId && cls.classTeacherId === user.staffId
}

export type ClassGuardian = {
  id: string
  name: string
  children: Array<{ id: string; name: string }>
  login: string | null
  state: AccountState
  /**
   * The status of legal representative is confirmed by a document for every child of the class (Порядок 1.2).
   * Without it no credentials are issued: the account would show the child to someone not proven to represent them.
   */
  confirmed: boolean
  /** The children of the class whose link to this guardian no document has confirmed yet (the class teacher's to do). */
  unconfirmed: Array<{ id: string; name: string }>
  /** dd.MM.yyyy: when the one-time password was issued (one-time, expired), the last sign-in (active), the lock. */
  since: string
}

export function stateOf(
  user: { mustChangePassword: boolean; passwordSetAt: Date; lockedAt: Date | null; compromisedAt: Date | null } | null,
  now: Date,
): AccountState {
  if (!user) return 'none'
  if (user.lockedAt) return user.compromisedAt ? 'compromised' : 'locked'
  if (user.mustChangePassword)
    return now.getTime() - user.passwordSetAt.getTime() > ONE_TIME_PASSWORD_DAYS * 86_400_000 ? 'expired' : 'one-time'
  return 'active'
}

/**
 * The guardians of the class's current pupils, each once (a parent of two pupils of the class has both children
 * listed), ordered by name, with the state of their e-diary account.
 */
async function listClassGuardians(schoolId: string, classId: string, now = new Date()): Promise<ClassGuardian[]> {
  const { timeZone } = await db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { timeZone: true } })
  const links = await db.guardianLink.findMany({
    where: { pupil: { classId, schoolId, leftOn: null } },
    include: {
      pupil: { select: { id: true, lastName: true, firstName: true, middleName: true } },
      guardian: {
        include: {
          user: { select: { id: true, login: true, mustChangePassword: true, passwordSetAt: true, lockedAt: true, compromisedAt: true } },
        },
      },
    },
  })
  const userIds = links.flatMap((l) => (l.guardian.user ? [l.guardian.user.id] : []))
  const signIns = userIds.length
    ? await db.auditEvent.groupBy({ by: ['userId'], where: { action: 'sign-in', userId: { in: userIds } }, _max: { at: true } })
    : []
  const lastSignIn = new Map(signIns.map((s) => [s.userId, s._max.at]))
  const byGuardian = new Map<string, ClassGuardian & { links: Array<{ statusConfirmed: boolean }> }>()
  for (const l of links) {
    const g = l.guardian
    const existing = byGuardian.get(g.id)
    if (existing) {
      existing.children.push({ id: l.pupil.id, name: fullName(l.pupil) })
      existing.links.push(l)
      existing.confirmed = confirmedForAll(existing.links)
      if (!isConfirmedLink(l)) existing.unconfirmed.push({ id: l.pupil.id, name: fullName(l.pupil) })
      continue
    }
    const state = stateOf(g.user, now)
    const at = !g.user
      ? null
      : state === 'active'
        ? lastSignIn.get(g.user.id)
        : state === 'locked' || state === 'compromised'
          ? g.user.lockedAt
          : g.user.passwordSetAt
    byGuardian.set(g.id, {
      id: g.id,
      name: fullName(g),
      children: [{ id: l.pupil.id, name: fullName(l.pupil) }],
      login: g.user?.login ?? null,
      state,
      confirmed: confirmedForAll([l]),
      unconfirmed: isConfirmedLink(l) ? [] : [{ id: l.pupil.id, name: fullName(l.pupil) }],
      since: at ? formatDate(at, timeZone) : '',
      links: [l],
    })
  }
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'ru')
  return [...byGuardian.values()].map(({ links: _links, ...g }) => ({ ...g, children: g.children.sort(byName) })).sort(byName)
}

/** The credentials deliveries of a class that wait for their letter to be printed (in person or by post, ADR 019). */
export function waitingLetterWhere(classId: string): Prisma.DeliveryWhereInput {
  return { kind: 'credentials', status: 'prepared', channel: { in: ['in_person', 'post'] }, application: { pupil: { classId } } }
}

export type WaitingLetter = { applicationId: string; number: string; applicant: string; pupil: string; channel: string; producedOn: string }

/**
 * Letters of applications (Порядок 3.3) for the class's pupils that the class teacher or the ЭЖ administrator
 * produces at printing time; `producedOn` is set when one was produced already (producing again replaces it).
 */
async function listWaitingLetters(schoolId: string, classId: string): Promise<WaitingLetter[]> {
  const { timeZone } = await db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { timeZone: true } })
  const rows = await db.delivery.findMany({
    where: { ...waitingLetterWhere(classId), application: { schoolId, pupil: { classId } } },
    include: { application: true },
    orderBy: { preparedAt: 'asc' },
  })
  const copies = await db.storedDocument.findMany({
    where: { id: { in: rows.flatMap((r) => (r.documentId ? [r.documentId] : [])) } },
    select: { id: true, createdAt: true },
  })
  return rows.map(({ application: a, documentId, channel }) => {
    const copy = copies.find((c) => c.id === documentId)
    return {
      applicationId: a.id,
      number: a.registrationNumber ? `№ ${a.registrationNumber}` : `квитанция ${a.receiptNumber}`,
      applicant: [a.applicantLastName, a.applicantFirstName, a.applicantMiddleName].filter(Boolean).join(' '),
      pupil: a.pupilName,
      channel: channel === 'post' ? 'почтой' : 'лично',
      producedOn: copy ? formatDate(copy.createdAt, timeZone) : '',
    }
  })
}

/** Russian messages of refused requests; the resource route redirects back to the class page with the code. */
export const CREDENTIALS_ERRORS = {
  empty: NOTHING_SELECTED,
  foreign:
    'Среди выбранных есть законный представитель, не относящийся к обучающимся этого ' +
    'класса. Обновите страницу и выберите снова — реквизиты не сформированы.',
  unconfirmed:
    'Среди выбранных есть законный представитель, чей статус не подтверждён документом (Порядок, п. 1.2): ' +
    `реквизиты доступа ему не выдаются, пока статус не подтверждён. Реквизиты не сформированы. ${UNCONFIRMED_HOW}`,
  template:
    'Шаблон реквизитов доступа не удалось заполнить. Обратитесь к администратору ЭЖ — реквизиты не сформированы, пароли не изменены.',
  reissue:
    'Среди выбранных есть законные представители, у которых уже есть действующий пароль. ' +
    'Подтвердите, что их пароли перестанут действовать, — реквизиты пока не сформированы.',
  'not-yours-to-reset':
    'Среди выбранных есть родители, у которых уже есть учётная запись: её пароль заменяет классный руководитель под ' +
    'роспись (Положение 3.1, 4.3.7), а администратор ЭЖ — только отправкой временного пароля родителю по почте ' +
    '(«Учётные записи»). Реквизиты не сформированы, пароли не изменены.',
  'admin-class-teacher':
    'Среди выбранных есть родители, у которых уже есть учётная запись. Вы — администратор ЭЖ: действующий пароль ' +
    'родителя заменяет классный руководитель, не являющийся администратором ЭЖ, под роспись (Положение 3.1, 4.3.7), ' +
    'или пароль отправляется родителю по почте («Учётные записи»). Реквизиты не сформированы, пароли не изменены.',
  'letter-gone':
    'Письмо с реквизитами по этому заявлению уже не ждёт выдачи (вручено, отправлено или заявление закрыто). Обновите страницу.',
  'letter-reissue':
    'Письмо по этому заявлению уже сформировано: новое письмо заменит пароль, и пароль из прежнего письма ' +
    'перестанет действовать. Подтвердите повторное формирование — письмо пока не сформировано.',
  'status-document':
    'Укажите документ, подтверждающий статус законного представителя (например, «свидетельство о рождении II-РУ № 123456»): ' +
    'статус не подтверждён.',
  'status-not-yours':
    'Статус законного представителя подтверждает классный руководитель этого класса, не являющийся администратором ЭЖ ' +
    '(Положение 3.1, 4.3.7): статус не подтверждён.',
  'status-gone': 'Этой связи законного представителя с обучающимся класса нет или она уже подтверждена. Обновите страницу.',
  'letter-guardian':
    'Заявитель не подтверждён документом как законный представитель или его адрес не совпадает с ' +
    'известным школе (Порядок, п. 1.2, 2.7): письмо не сформировано, пароль не изменён.',
} as const
export type CredentialsErrorCode = keyof typeof CREDENTIALS_ERRORS

export function credentialsErrorOf(code: string | null): string | null {
  return own(CREDENTIALS_ERRORS, code) ?? null
}

/**
 * The class page's credentials panel when the user may hand out this class's credentials (classForCredentials): the
 * class's guardians with their accounts' state, the letters waiting to be handed over, and the message of a refused
 * request the page came back with (`?credentials=<code>`). Null for anyone else.
 */
export async function credentialsPanel(user: Pick<SessionUser, 'schoolId' | 'roles' | 'staffId'>, classId: string, query: URLSearchParams) {
  const cls = await classForCredentials(user, classId)
  if (!cls) return null
  return {
    mayConfirmStatus: mayConfirmStatus(user, cls),
    guardians: await listClassGuardians(user.schoolId, classId),
    letters: await listWaitingLetters(user.schoolId, classId),
    error: credentialsErrorOf(query.get('credentials')),
  }
}
