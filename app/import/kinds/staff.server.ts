import { auditRow } from '#app/models/audit.server'
import { applicationRoles, grantApprover, guardedRoles } from '#app/models/access-notice.server'
import { parseGrantRoles } from '#app/models/json-columns'
import { requestAccessGrant } from '#app/operations/access-grants.server'
import { can, ROLES, ROLE_LABELS, type Role } from '#app/utils/permissions'
import { roomNumber } from '#app/utils/format'
import { parseEmail, severalEmails } from '#workflows/email'
import { norm, personKey } from '../fields'
import { SeenKeys, newId } from '../lookups.server'
import { Tally, changedFields, type Change } from '../plan.server'
import { RowReader, WHOLE_NAME_TITLES, titledFor } from '../rows'
import type { Column, Issue, KindDef, Plan } from '../types'

const STAFF_ROLES = ROLES.filter((r) => r !== 'parent')

/**
 * The administrator reads the journal, not the families' applications. Their own account cannot be given, by their
 * own import, a role that opens applications (director, responsible employee, secretary): another administrator
 * assigns it, so no one raises themselves to read, register or decide. A teaching role on one's own account is fine.
 */
const opensApplications = (role: Role) => can([role], 'read:application:any')

/**
 * ADR 118: a role the administrator may not give alone to an account whose password exists — whoever knows the
 * password acts in the role, and the administrator may know it (a one-time password they issued, their own account,
 * an account of their own making). The class teacher's role confirms guardians' statuses and replaces parents'
 * passwords (ADR 114), so it is asked like a reading role; an account with no password yet gets it at once, since its
 * first password then waits for the director too (`issueOneTimePassword`, `guardedRoles`).
 */
const guardedForAccount = (role: Role, account: { passwordHash: string } | undefined) =>
  opensApplications(role) || (guardedRoles([role]).length > 0 && !!account && hasPassword(account.passwordHash))

/** '!' (the import's «no password yet») and '' never verify. */
const hasPassword = (hash: string) => hash !== '' && hash !== '!'
const SELF_GRANT =
  'Своей учётной записи нельзя назначить через импорт роль с доступом к заявлениям (директор, ответственный работник, ' +
  'секретарь): её назначает другой администратор ЭЖ. Уберите эту роль из строки.'

/** Who a staff list names in its titles: «Фамилия сотрудника», «Имя учителя». */
const STAFF_WHOSE = ['сотрудника', 'работника', 'учителя']

const columns: Column[] = [
  {
    key: 'lastName',
    title: 'Фамилия',
    aliases: titledFor('Фамилия', STAFF_WHOSE),
    required: true,
    doc: 'Ключ сотрудника — фамилия, имя и отчество вместе.',
    wholeName: [...WHOLE_NAME_TITLES, 'ФИО сотрудника', 'ФИО работника'],
  },
  {
    key: 'firstName',
    title: 'Имя',
    aliases: titledFor('Имя', STAFF_WHOSE),
    required: true,
    doc: 'Как в документе, удостоверяющем личность.',
  },
  { key: 'middleName', title: 'Отчество', aliases: titledFor('Отчество', STAFF_WHOSE), doc: 'Пусто, если отчества нет.' },
  { key: 'position', title: 'Должность', required: true, doc: '«Учитель математики».' },
  { key: 'room', title: 'Кабинет', doc: '«214» — номер кабинета; слово «кабинет» при печати добавляется само.' },
  { key: 'phone', title: 'Телефон', doc: 'Рабочий телефон.' },
  { key: 'email', title: 'Эл. почта', aliases: ['E-mail', 'Email', 'Электронная почта'], doc: 'Рабочий адрес.' },
  {
    key: 'login',
    title: 'Логин',
    doc:
      'Латиница, цифры, «.», «_», «-», 3–50 знаков. Создаёт учётную запись без пароля: ' +
      'реквизиты доступа выдаёт администратор ЭЖ отдельно (Регламент 3.1).',
  },
  {
    key: 'roles',
    title: 'Роли',
    doc:
      `Через запятую: коды (${STAFF_ROLES.join(', ')}) или названия («Учитель-предметник», «Классный ` +
      'руководитель»…). Импорт только добавляет роли; снимает их администратор в разделе пользователей.',
  },
]

function parseRoles(value: string): { roles: Role[]; unknown: string[] } {
  const roles: Role[] = []
  const unknown: string[] = []
  for (const part of value
    .split(/[,;|]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const role = STAFF_ROLES.find((r) => r === part.toLowerCase() || norm(ROLE_LABELS[r]) === norm(part))
    if (role) roles.push(role)
    else unknown.push(part)
  }
  return { roles: [...new Set(roles)], unknown }
}

export const staff: KindDef = {
  kind: 'staff',
  columns,
  grouping: ['position'],
  async plan(rows, { client, schoolId, importerId, ip }): Promise<Plan> {
    const all = await client.staff.findMany({
      where: { schoolId },
      select: {
        id: true,
        lastName: true,
        firstName: true,
        middleName: true,
        position: true,
        room: true,
        phone: true,
        email: true,
        userId: true,
      },
    })
    const byKey = new Map(all.map((s) => [personKey(s), s]))
    const fileLogins = rows.map((r) => (r.cells.login ?? '').trim().toLowerCase()).filter(Boolean)
    const userIds = all.map((s) => s.userId).filter((id): id is string => !!id)
    const users = await client.user.findMany({
      where: { OR: [{ login: { in: fileLogins } }, { id: { in: userIds } }] },
      select: { id: true, login: true, passwordHash: true, roles: { select: { role: true } } },
    })
    const userById = new Map(users.map((u) => [u.id, u]))
    // ADR 102: the address of an account that reads applications (a role held or still waiting) or of the school's
    // responsible employee is where the letters about applications and access go — changed only on confirmation.
    const [waitingRoles, { responsibleEmployeeId }] = await Promise.all([
      client.accessGrant.findMany({ where: { schoolId, kind: 'roles', outcome: null }, select: { userId: true, roles: true } }),
      client.school.findUniqueOrThrow({ where: { id: schoolId }, select: { responsibleEmployeeId: true } }),
    ])
    // The roles the same row asks for count too: «deputy, director» with a new address must not move the address at
    // once and then wait for the director's role only (review of ADR 102).
    const readingRoles = (staffId: string, userId: string | null, asked: readonly string[]) => {
      const held = userId ? (userById.get(userId)?.roles.map((x) => x.role) ?? []) : []
      const waits = waitingRoles.filter((g) => g.userId === userId).flatMap((g) => parseGrantRoles(g.roles))
      const opens = applicationRoles([...new Set([...held, ...waits, ...asked])])
      return opens.length || staffId === responsibleEmployeeId ? opens : null
    }
    const takenLogins = new Set(users.map((u) => u.login))
    const errors: Issue[] = []
    const seen = new SeenKeys()
    const newStaff: Array<Record<string, string | null>> = []
    const staffUpdates: Array<{ id: string; data: Record<string, string>; was: string }> = []
    const newUsers: Array<{ id: string; schoolId: string; login: string; passwordHash: string; mustChangePassword: boolean }> = []
    const links: Array<{ staffId: string; userId: string }> = []
    const newRoles: Array<{ userId: string; role: string }> = []
    const grants: Array<{ userId: string; login: string; roles: Role[] }> = []
    const requests: Array<{ userId: string; roles: Role[] }> = []
    // ADR 118: guarded roles given at once to an existing account because it had no password when planned.
    const givenWithoutPassword: Array<{ userId: string; roles: Role[]; line: number; login: string }> = []
    const emailRequests: Array<{ userId: string; roles: string[]; email: string }> = []
    const warnings: Issue[] = []
    const tally = new Tally()
    for (const row of rows) {
      const r = new RowReader(row, columns)
      const person = { lastName: r.name('lastName'), firstName: r.name('firstName'), middleName: r.name('middleName', { required: false }) }
      const fields = {
        position: r.text('position', { required: true, max: 200 }),
        room: roomNumber(r.text('room', { max: 50 })),
        phone: r.text('phone', { max: 50 }),
        email: r.text('email', { max: 200 }),
      }
      const parsedEmail = fields.email ? parseEmail(fields.email) : null
      if (parsedEmail?.ok) fields.email = parsedEmail.email
      // An address an earlier import stored under looser rules is not refused when the same file comes again.
      else if (parsedEmail && !all.some((s) => s.email === fields.email)) {
        const several = severalEmails(fields.email)
        r.error(
          'email',
          several.length
            ? `В ячейке несколько адресов (${several.map((e) => `«${e}»`).join(', ')}): укажите один — адрес сотрудника.`
            : `${parsedEmail.message}: «${fields.email}».`,
        )
      }
      const login = r.text('login', { max: 50 }).toLowerCase()
      if (login && !/^[a-z0-9._-]{3,50}$/.test(login))
        r.error('login', `Неверный логин «${login}»: латиница, цифры, «.», «_», «-», от 3 до 50 знаков.`)
      const { roles, unknown } = parseRoles(r.raw('roles'))
      if (unknown.length) r.error('roles', `Неизвестная роль «${unknown.join('», «')}»: допустимы ${STAFF_ROLES.join(', ')}.`)
      if (r.ok) {
        const earlier = seen.check(personKey(person), r.line)
        if (earlier) r.error('lastName', `Сотрудник уже указан в строке ${earlier}.`)
      }
      const found = r.ok ? byKey.get(personKey(person)) : undefined
      // «Петрова Анна» beside «Петрова Анна Ивановна» of the journal would be a second employee: one of the two
      // names lacks the patronymic. Two full names that differ are two people (namesakes).
      const namesake =
        r.ok && !found
          ? all.find(
              (s) =>
                norm(s.lastName) === norm(person.lastName) &&
                norm(s.firstName) === norm(person.firstName) &&
                (s.middleName === '') !== (person.middleName === ''),
            )
          : undefined
      if (namesake)
        r.error(
          'middleName',
          `В журнале уже есть сотрудник «${[namesake.lastName, namesake.firstName, namesake.middleName].filter(Boolean).join(' ')}»: ` +
            'если это тот же человек, укажите отчество, как в журнале.',
        )
      const user = found?.userId ? userById.get(found.userId) : undefined
      if (r.ok) {
        if (user && login && login !== user.login)
          r.error('login', `У сотрудника уже есть учётная запись с логином «${user.login}»: логин через импорт не меняется.`)
        else if (!user && login && takenLogins.has(login)) r.error('login', `Логин «${login}» уже занят.`)
        else if (!user && !login && roles.length) r.error('roles', 'Чтобы назначить роли, укажите логин: у сотрудника нет учётной записи.')
        else if (
          user &&
          user.id === importerId &&
          roles.some((role) => opensApplications(role) && !user.roles.some((x) => x.role === role))
        )
          r.error('roles', SELF_GRANT)
      }
      errors.push(...r.issues)
      if (!r.ok) continue

      let userId = user?.id ?? null
      let change: Change = null
      if (!userId && login) {
        userId = newId()
        takenLogins.add(login)
        // No password: '!' never verifies; credentials are issued separately (Регламент 3.1, Положение 4.1.9).
        newUsers.push({ id: userId, schoolId, login, passwordHash: '!', mustChangePassword: true })
      }
      if (!found) {
        newStaff.push({ id: newId(), schoolId, ...person, ...fields, userId })
        change = 'created'
      } else {
        const data = changedFields(found, fields)
        const guarded = importerId && data.email !== undefined ? readingRoles(found.id, found.userId, roles) : null
        if (guarded && data.email !== undefined) {
          // ADR 102: asked, not changed; without an account there is no one to ask it for (nor a director to confirm it).
          if (!userId) {
            r.error('email', RESPONSIBLE_WITHOUT_ACCOUNT)
            errors.push(...r.issues)
            continue
          }
          emailRequests.push({ userId, roles: guarded, email: data.email })
          warnings.push({ line: r.line, column: columns.find((c) => c.key === 'email')!.title, message: emailWaitingMessage(guarded) })
          delete data.email
          change = 'updated'
        }
        if (Object.keys(data).length) staffUpdates.push({ id: found.id, data, was: found.email })
        if (!found.userId && userId) links.push({ staffId: found.id, userId })
        if (Object.keys(data).length || (!found.userId && userId)) change = 'updated'
      }
      const has = new Set(user?.roles.map((x) => x.role) ?? [])
      const add = roles.filter((role) => !has.has(role))
      // ADR 093: a role that reads applications is only asked for — it waits for the director's confirmation (the
      // authority's for the director's role). A script's import (no importer) is the server's operator: given at once.
      const asked = importerId ? add.filter((role) => guardedForAccount(role, user)) : []
      const given = add.filter((role) => !asked.includes(role))
      if (userId && given.length) {
        newRoles.push(...given.map((role) => ({ userId: userId!, role })))
        grants.push({ userId, login: user?.login ?? login, roles: given })
        const atOnce = user ? (guardedRoles(given) as Role[]) : []
        if (atOnce.length) givenWithoutPassword.push({ userId, roles: atOnce, line: r.line, login: user?.login ?? login })
        change ??= 'updated'
      }
      if (userId && asked.length) {
        requests.push({ userId, roles: asked })
        warnings.push({ line: r.line, column: columns.find((c) => c.key === 'roles')!.title, message: waitingMessage(asked) })
        change ??= 'updated'
      }
      tally.count(change)
    }
    const plan = tally.plan(errors, async (tx) => {
      if (newUsers.length) await tx.user.createMany({ data: newUsers })
      if (newStaff.length) await tx.staff.createMany({ data: newStaff as never })
      for (const u of staffUpdates) await tx.staff.update({ where: { id: u.id }, data: u.data })
      // ADR 114: an address changed at once (an account that reads no applications — yet) is audited, so that the
      // director confirming a role for the account later sees that, and when, the import changed its address.
      const emailChanges = staffUpdates.filter((u) => u.data.email !== undefined && u.data.email !== u.was)
      if (emailChanges.length)
        await tx.auditEvent.createMany({
          data: emailChanges.map((u) =>
            auditRow({
              schoolId,
              userId: importerId,
              action: 'change:staff-email',
              entity: 'staff',
              entityId: u.id,
              ip,
              data: { was: u.was, email: u.data.email },
            }),
          ),
        })
      for (const l of links) await tx.staff.update({ where: { id: l.staffId }, data: { userId: l.userId } })
      // ADR 118: «no password yet» was read at planning; a one-time password issued meanwhile (another tab) must not
      // end as a class teacher's password the administrator saw. The account's row is locked here, as
      // `issueOneTimePassword` locks it before reading the roles: whichever comes second sees the other's write. An
      // account that has a password by now is asked the role, like any account with a password.
      // Copies: a write retried (SQLite busy) starts again from the plan.
      let roleRows = newRoles
      const grantRows = grants.map((g) => ({ ...g }))
      const requestRows = requests.map((q) => ({ ...q, roles: [...q.roles] }))
      // The report checked before said «given»: the administrator is told that the role waits for the director instead.
      const late: Issue[] = []
      for (const g of givenWithoutPassword) {
        const still = await tx.user.updateMany({
          where: { id: g.userId, passwordHash: { in: ['!', ''] } },
          data: { mustChangePassword: true },
        })
        if (still.count) continue
        late.push({
          line: g.line,
          column: columns.find((c) => c.key === 'roles')!.title,
          message:
            `Пока файл загружался, учётной записи «${g.login}» выдан пароль — роль не назначена, а запрошена. ` + waitingMessage(g.roles),
        })
        roleRows = roleRows.filter((n) => !(n.userId === g.userId && g.roles.includes(n.role as Role)))
        const grant = grantRows.find((x) => x.userId === g.userId)!
        grant.roles = grant.roles.filter((role) => !g.roles.includes(role))
        const request = requestRows.find((q) => q.userId === g.userId)
        if (request) request.roles.push(...g.roles)
        else requestRows.push({ userId: g.userId, roles: g.roles })
      }
      if (roleRows.length) await tx.userRole.createMany({ data: roleRows })
      // Who received which roles, each account its own row in the access audit (a role opens personal data).
      if (grantRows.some((g) => g.roles.length))
        await tx.auditEvent.createMany({
          data: grantRows
            .filter((g) => g.roles.length)
            .map((g) => auditRow({ schoolId, userId: importerId, action: 'grant:roles', entity: 'user', entityId: g.userId, data: g })),
        })
      // A role that reads the families' applications: asked, not given; the director is told of each request.
      const at = new Date()
      for (const q of requestRows)
        await requestAccessGrant(tx, { schoolId, userId: q.userId, kind: 'roles', roles: q.roles, byUserId: importerId, at, ip })
      for (const q of emailRequests)
        await requestAccessGrant(tx, {
          schoolId,
          userId: q.userId,
          kind: 'email',
          roles: q.roles,
          email: q.email,
          byUserId: importerId,
          at,
          ip,
        })
      return late
    })
    return { ...plan, warnings }
  },
}

const RESPONSIBLE_WITHOUT_ACCOUNT =
  'На адрес ответственного работника, указанного в карточке школы, приходят письма о заявлениях: через импорт он ' +
  'меняется только по запросу, который подтверждает директор. Укажите в строке логин — учётную запись, для которой ' +
  'будет записан запрос.'

function emailWaitingMessage(roles: string[]): string {
  return grantApprover(roles) === 'director'
    ? 'На этот адрес приходят письма о заявлениях: новый адрес будет записан, когда директор подтвердит его паролем ' +
        'подписи («Подтверждение доступа»).'
    : 'Это адрес директора: новый адрес подтверждает администратор органа управления образованием или оператор сервера ' +
        '(npm run confirm-access).'
}

function waitingMessage(roles: Role[]): string {
  const names = roles.map((role) => `«${ROLE_LABELS[role]}»`).join(', ')
  if (!applicationRoles(roles).length)
    return (
      `Роль ${names} открывает родителям доступ к данным детей, а пароль этой учётной записи мог знать администратор: ` +
      'роль будет назначена, когда директор подтвердит её паролем подписи («Подтверждение доступа»); учётная запись ' +
      'получит новый временный пароль.'
    )
  if (grantApprover(roles) === 'director' && roles.includes('class_teacher'))
    return (
      `Роли ${names} открывают заявления и данные детей класса: они будут назначены, когда директор подтвердит их паролем ` +
      'подписи («Подтверждение доступа»); учётная запись получит новый временный пароль.'
    )
  return grantApprover(roles) === 'director'
    ? `Роль ${names} открывает заявления: она будет назначена, когда директор подтвердит её паролем подписи ` + '(«Подтверждение доступа»).'
    : `Роль ${names} даёт подпись директора: её подтверждает администратор органа управления образованием ` +
        'или оператор сервера (npm run confirm-access).'
}
