// Parents (законные представители) and their links to pupils. A guardian is matched by full name plus phone or
// e-mail, so two namesakes stay two people.
import { auditRow } from '#app/models/audit.server'
import { queueParentAccountNotice } from '#app/mail/parent-account-notice.server'
import { emailKey, parseEmail, severalEmails } from '#workflows/email'
import { own } from '#workflows/own'
import { norm, personKey, phoneKey, phoneProblem } from '../fields'
import { SeenKeys, newId, pupilIndex } from '../lookups.server'
import { Tally, changedFields, type Change } from '../plan.server'
import { PUPIL_ALIASES, PUPIL_WHOSE, RowReader, WHOLE_NAME_TITLES, titledFor } from '../rows'
import type { Column, Issue, KindDef, Plan } from '../types'

/** Who a parents' list names in its titles: «Фамилия родителя», «Имя законного представителя». */
const GUARDIAN_WHOSE = ['родителя', 'законного представителя', 'родителя (законного представителя)', 'представителя']

/** Who may be a legal representative (СК РФ ст. 64, 145): parents, adoptive parents, guardians, custodians. */
const RELATIONSHIPS = ['мать', 'отец', 'опекун', 'попечитель', 'приёмная мать', 'приёмный отец', 'усыновитель', 'законный представитель']

/** How a class teacher's list says it: «мама» is the mother, «папа» the father. */
const SPOKEN: Record<string, string> = { мама: 'мать', папа: 'отец' }

const columns: Column[] = [
  {
    key: 'lastName',
    title: 'Фамилия',
    aliases: titledFor('Фамилия', GUARDIAN_WHOSE),
    required: true,
    doc: 'Фамилия родителя (законного представителя).',
    wholeName: [...WHOLE_NAME_TITLES, 'ФИО родителя', 'ФИО законного представителя', 'ФИО родителя (законного представителя)'],
  },
  {
    key: 'firstName',
    title: 'Имя',
    aliases: titledFor('Имя', GUARDIAN_WHOSE),
    required: true,
    doc: 'Как в документе, удостоверяющем личность.',
  },
  {
    key: 'middleName',
    title: 'Отчество',
    aliases: titledFor('Отчество', GUARDIAN_WHOSE),
    doc: 'Как в документе, удостоверяющем личность.',
  },
  {
    key: 'phone',
    title: 'Телефон',
    doc:
      'Один номер в любой записи: «+7 (912) 345-67-89», «89123456789», «8 (8452) 33-33-33 доб. 12». Телефон или эл. почта ' +
      'обязательны: вместе с ФИО это ключ.',
  },
  {
    key: 'email',
    title: 'Эл. почта',
    aliases: ['E-mail', 'Email', 'Электронная почта'],
    doc: 'Один адрес — этого родителя (два адреса в ячейке не принимаются: адрес второго родителя — в его строке).',
  },
  { key: 'address', title: 'Почтовый адрес', aliases: ['Адрес'], doc: 'Для ответа почтой.' },
  {
    key: 'pupil',
    title: 'Обучающийся',
    aliases: PUPIL_ALIASES,
    required: true,
    doc: 'ФИО обучающегося одной строкой: «Иванов Пётр Сергеевич».',
  },
  {
    key: 'pupilBirthDate',
    title: 'Дата рождения обучающегося',
    aliases: titledFor('Дата рождения', PUPIL_WHOSE),
    required: true,
    doc: 'ДД.ММ.ГГГГ.',
  },
  {
    key: 'relationship',
    title: 'Степень родства',
    aliases: ['Кем приходится'],
    required: true,
    doc: `Одно из: ${RELATIONSHIPS.join(', ')} («мама», «папа» читаются как «мать», «отец»).`,
  },
  {
    key: 'confirmed',
    title: 'Статус подтверждён',
    doc:
      '«да» / «нет»: предъявлен ли документ, подтверждающий статус законного ' +
      'представителя. Пусто — «нет» для новой связи, без изменений для существующей. Импорт администратора ЭЖ «да» не ' +
      'вносит: статус подтверждает классный руководитель на странице класса (ADR 114); «нет» применяется.',
  },
  { key: 'document', title: 'Документ', doc: 'Чем подтверждён статус: «свидетельство о рождении», «постановление об опеке №…».' },
]

const STATUS_BY_CLASS_TEACHER =
  '«Статус подтверждён» не внесён: статус законного представителя подтверждает классный руководитель на странице класса, ' +
  'сверив документ (Положение 3.1, 4.3.7; Порядок, п. 1.2, 2.7). До этого реквизиты доступа родителю не выдаются.'

type Guardian = { id: string; lastName: string; firstName: string; middleName: string; phone: string; email: string; postalAddress: string }

export const guardians: KindDef = {
  kind: 'guardians',
  columns,
  grouping: ['pupil', 'pupilBirthDate', 'address'],
  async plan(rows, { client, schoolId, importerId, ip }): Promise<Plan> {
    const [all, pupils, links, accounts] = await Promise.all([
      client.guardian.findMany({
        where: { schoolId },
        select: { id: true, lastName: true, firstName: true, middleName: true, phone: true, email: true, postalAddress: true },
      }),
      pupilIndex(client, schoolId),
      client.guardianLink.findMany({
        where: { guardian: { schoolId } },
        select: { id: true, guardianId: true, pupilId: true, relationship: true, statusConfirmed: true, confirmedBy: true },
      }),
      client.guardian.findMany({
        where: { schoolId },
        select: { id: true, email: true, user: { select: { id: true, login: true } } },
      }),
    ])
    // ADR 102: every change of a guardian's address is audited — with an account or not yet (the class teacher may open
    // one later) — and the parent of an e-diary account is told at the old address.
    const accountOf = new Map(accounts.map((g) => [g.id, g]))
    const byName = new Map<string, Guardian[]>()
    const byShortName = new Map<string, Guardian[]>()
    const shortKey = (p: { lastName: string; firstName: string }) => `${norm(p.lastName)}|${norm(p.firstName)}`
    const remember = (g: Guardian) => {
      byName.set(personKey(g), [...(byName.get(personKey(g)) ?? []), g])
      byShortName.set(shortKey(g), [...(byShortName.get(shortKey(g)) ?? []), g])
    }
    all.forEach(remember)
    const linkOf = new Map(links.map((l) => [`${l.guardianId}|${l.pupilId}`, l]))
    // An address or a phone an earlier import stored under looser rules is not refused when the same file comes again.
    const storedEmails = new Set(all.map((g) => g.email).filter(Boolean))
    const storedPhones = new Set(all.map((g) => g.phone).filter(Boolean))

    const errors: Issue[] = []
    const warnings: Issue[] = []
    const seenLinks = new SeenKeys()
    const touched = new Map<string, { line: number; phone: string; email: string; address: string }>()
    const newGuardians: Guardian[] = []
    const guardianUpdates = new Map<string, Partial<Guardian>>()
    const newLinks: object[] = []
    const linkUpdates: Array<{ id: string; data: object }> = []
    const tally = new Tally()
    for (const row of rows) {
      const r = new RowReader(row, columns)
      const person = { lastName: r.name('lastName'), firstName: r.name('firstName'), middleName: r.name('middleName', { required: false }) }
      const phone = r.text('phone', { max: 50 })
      const typedEmail = r.text('email', { max: 200 })
      const parsedEmail = typedEmail ? parseEmail(typedEmail) : null
      const email = parsedEmail?.ok ? parsedEmail.email : typedEmail
      const address = r.text('address', { max: 300 })
      const badPhone = phone && !storedPhones.has(phone) ? phoneProblem(phone) : null
      if (badPhone) r.error('phone', badPhone)
      // Two addresses in a mother's row (hers and the father's) are not guessed between: an answer with the child's
      // marks goes to the address the journal holds for the applicant (152-ФЗ), and only the school knows whose it is.
      const several = severalEmails(typedEmail)
      if (several.length && !storedEmails.has(typedEmail))
        r.error(
          'email',
          `В ячейке несколько адресов (${several.map((e) => `«${e}»`).join(', ')}): у родителя в строке — один адрес. ` +
            'Оставьте адрес этого родителя, а адрес другого родителя укажите в его строке.',
        )
      else if (parsedEmail && !parsedEmail.ok && !storedEmails.has(typedEmail)) r.error('email', `${parsedEmail.message}: «${typedEmail}».`)
      if (!phone && !email)
        r.error('phone', 'Укажите телефон или адрес электронной почты: вместе с ФИО они отличают родителя от однофамильцев.')
      const pupilName = r.text('pupil', { required: true, max: 200 })
      const birth = r.day('pupilBirthDate', { required: true, years: 'born' })
      const typedRelationship = norm(r.text('relationship', { required: true, max: 50 })).replace('приемн', 'приёмн')
      const relationship = own(SPOKEN, typedRelationship) ?? typedRelationship
      if (relationship && !RELATIONSHIPS.includes(relationship))
        r.error(
          'relationship',
          `Степень родства «${relationship}» не даёт статуса законного представителя: допустимы ${RELATIONSHIPS.join(', ')}.`,
        )
      const confirmedRaw = r.raw('confirmed')
      const confirmed = r.yesNo('confirmed', false)
      const document = r.text('document', { max: 300 })
      const pupil = pupilName && birth ? pupils.resolve(pupilName, birth) : null
      if (typeof pupil === 'string') r.error('pupil', pupil)
      if (!r.ok || !pupil || typeof pupil === 'string') {
        errors.push(...r.issues)
        continue
      }
      const candidates = byName.get(personKey(person)) ?? []
      const reachedBy = (g: Guardian) =>
        (phone && phoneKey(g.phone) === phoneKey(phone)) || (email && emailKey(g.email) === emailKey(email))
      let guardian = candidates.find(reachedBy)
      // The same phone or address under the name without its patronymic (or with another) is the same parent, not a
      // second one: the row is refused until the name is written as the journal has it.
      const namesake = guardian
        ? undefined
        : (byShortName.get(shortKey(person)) ?? []).find((g) => norm(g.middleName) !== norm(person.middleName) && reachedBy(g))
      if (namesake) {
        const name = [namesake.lastName, namesake.firstName, namesake.middleName].filter(Boolean).join(' ')
        r.error(
          'middleName',
          `Этот телефон или адрес эл. почты в журнале у «${name}»: если это тот же родитель, укажите отчество, как в журнале.`,
        )
      }
      const earlier = guardian && touched.get(guardian.id)
      if (earlier) {
        for (const [field, value, title] of [
          ['phone', phone, 'телефон'],
          ['email', email, 'адрес эл. почты'],
          ['address', address, 'почтовый адрес'],
        ] as const) {
          const key = field === 'phone' ? phoneKey : field === 'email' ? emailKey : (v: string) => v
          if (value && earlier[field] && key(value) !== key(earlier[field])) {
            r.error(field === 'address' ? 'address' : field, `Для этого родителя в строке ${earlier.line} указан другой ${title}.`)
          }
        }
      }
      const dup = seenLinks.check(`${guardian?.id ?? personKey(person) + phone + email}|${pupil.id}`, r.line)
      if (dup) r.error('pupil', `Связь этого родителя с обучающимся уже указана в строке ${dup}.`)
      errors.push(...r.issues)
      if (!r.ok) continue

      let change: Change = null
      if (!guardian) {
        guardian = { id: newId(), ...person, phone, email, postalAddress: address }
        newGuardians.push(guardian)
        remember(guardian)
        change = 'created'
      } else if (!newGuardians.includes(guardian)) {
        const data: Partial<Guardian> = { ...guardianUpdates.get(guardian.id) }
        if (phone && phoneKey(phone) !== phoneKey(guardian.phone)) data.phone = phone
        if (email && emailKey(email) !== emailKey(guardian.email)) data.email = email
        if (address && address !== guardian.postalAddress) data.postalAddress = address
        if (Object.keys(data).length) {
          guardianUpdates.set(guardian.id, data)
          Object.assign(guardian, data)
          change = 'updated'
        }
      }
      touched.set(guardian.id, {
        line: earlier ? earlier.line : r.line,
        phone: phone || earlier?.phone || '',
        email: email || earlier?.email || '',
        address: address || earlier?.address || '',
      })

      const link = linkOf.get(`${guardian.id}|${pupil.id}`)
      // ADR 114: a person's import (the administrator's, on «Импорт») does not prove a status — its «да» would let the
      // administrator add a «parent» and open their account. The class teacher confirms it on the class page, with the
      // document before them (Положение 3.1, 4.3.7; Порядок 1.2, 2.7); a status already confirmed stays; «нет» applies.
      // The operator's script import writes it as before.
      const provable = confirmed && (importerId === null || link?.statusConfirmed === true)
      if (confirmed && !provable)
        warnings.push({ line: r.line, column: columns.find((c) => c.key === 'confirmed')!.title, message: STATUS_BY_CLASS_TEACHER })
      if (!link) {
        newLinks.push({
          id: newId(),
          guardianId: guardian.id,
          pupilId: pupil.id,
          relationship,
          statusConfirmed: provable,
          confirmedBy: provable ? document : '',
        })
        change ??= 'created'
      } else {
        // An empty «Статус подтверждён» keeps the stored status («нет» applies to new links only). A person's import
        // keeps the document a confirmed status rests on: it is the class teacher's record (ADR 114), not the file's.
        const keeps = provable || (confirmedRaw === '' && link.statusConfirmed)
        const data = changedFields(link, {
          relationship,
          statusConfirmed: confirmedRaw === '' ? undefined : provable,
          confirmedBy: keeps ? (importerId === null ? document : undefined) : confirmedRaw === '' ? undefined : '',
        })
        if (Object.keys(data).length) {
          linkUpdates.push({ id: link.id, data })
          change ??= 'updated'
        }
      }
      tally.count(change)
    }
    const plan = tally.plan(errors, async (tx) => {
      if (newGuardians.length) await tx.guardian.createMany({ data: newGuardians.map((g) => ({ ...g, schoolId })) })
      const at = new Date()
      for (const [id, data] of guardianUpdates) {
        await tx.guardian.update({ where: { id }, data })
        const before = accountOf.get(id)
        if (!before || data.email === undefined || emailKey(data.email) === emailKey(before.email)) continue
        const told = before.user
          ? await queueParentAccountNotice(tx, {
              schoolId,
              userId: before.user.id,
              to: before.email,
              login: before.user.login,
              at,
              notice: { kind: 'email-changed', newEmail: data.email },
            })
          : false
        await tx.auditEvent.create({
          data: auditRow({
            schoolId,
            userId: importerId,
            action: 'change:guardian-email',
            ...(before.user ? { entity: 'user', entityId: before.user.id } : { entity: 'guardian', entityId: id }),
            ip,
            data: { guardianId: id, was: before.email, email: data.email, told },
          }),
        })
      }
      if (newLinks.length) await tx.guardianLink.createMany({ data: newLinks as never })
      for (const u of linkUpdates) await tx.guardianLink.update({ where: { id: u.id }, data: u.data })
    })
    return { ...plan, warnings }
  },
}
