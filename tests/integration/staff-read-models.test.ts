import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import {
  forwardToDirector,
  registerApplication,
  requestCorrection,
  startDelivery,
  startReview,
  submitCorrection,
} from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { listAwaitingDecision, listQueue } from '#app/models/applications.server'
import { QUEUE_PAGE_SIZE } from '#app/utils/paging'
import { getApplicationPage, jobWhat } from '#app/models/application-page.server'
import { reviewPrecheck } from '#app/models/review-precheck.server'
import {
  DEFAULT_ACCEPTANCE_GROUNDS,
  DEFAULT_INFORMATION_GROUNDS,
  getRefusalGrounds,
  getRefusalGroundsWithOrigin,
  resetRefusalGrounds,
  saveRefusalGrounds,
} from '#app/models/refusal-grounds.server'
import { searchJournal } from '#app/models/intake.server'
import { applicantOf, applicationFor, receive, staffActor } from '#tests/helpers/applications'
import { otherSchool } from '#tests/helpers/schools'

const school = () => db.school.findFirstOrThrow()

describe('the queue', () => {
  it('lists open applications nearest deadline first, marks overdue in words, and counts each filter', async () => {
    const now = new Date()
    const old = await receive('post', '9А', {}, new Date(now.getTime() - 10 * 86_400_000)) // registration overdue
    const fresh = await receive('online', '6Б')
    const closedOne = await receive('email', '7А')
    const responsible = await staffActor('responsible')
    const { refuseAcceptance } = await import('#app/operations/steps.server')
    await refuseAcceptance({
      applicationId: closedOne.id,
      schoolId: closedOne.schoolId,
      actor: responsible,
      grounds: ['Документы не читаются'],
      form: 'oral',
    })

    const { rows, counts, total } = await listQueue((await school()).id, {}, now)
    const ids = rows.map((r) => r.id)
    expect(ids).toContain(old.id)
    expect(ids).toContain(fresh.id)
    expect(ids).not.toContain(closedOne.id)
    expect(ids.indexOf(old.id)).toBeLessThan(ids.indexOf(fresh.id))
    const overdue = rows.find((r) => r.id === old.id)!
    expect(overdue.deadline).toMatchObject({ stage: 'registration', state: 'overdue', stateLabel: 'просрочено' })
    expect(overdue.deadline!.left).toMatch(/^просрочено на/)
    expect(counts.due.overdue).toBeGreaterThanOrEqual(1)
    expect(counts.channel.post).toBeGreaterThanOrEqual(1)
    expect(total).toBe(rows.length)

    const onlyOverdue = await listQueue((await school()).id, { due: 'overdue' }, now)
    expect(onlyOverdue.rows.every((r) => r.deadline?.state === 'overdue')).toBe(true)
    // The due facet's own counts ignore the due filter; the others follow it.
    expect(onlyOverdue.counts.due).toEqual(counts.due)
    const byClass = await listQueue((await school()).id, { className: '6Б' }, now)
    expect(byClass.rows.map((r) => r.id)).toEqual([fresh.id])
  })

  it('pages by nearest deadline with a keyset that stays stable while applications arrive, counting from the tally', async () => {
    const schoolId = (await school()).id
    const now = new Date()
    const made = []
    for (let i = 0; i < QUEUE_PAGE_SIZE + 7; i++)
      made.push(await receive(i % 2 ? 'online' : 'post', i % 3 ? '8А' : '8Б', {}, new Date(now.getTime() - i * 60_000)))
    const first = await listQueue(schoolId, {}, now)
    expect(first.rows).toHaveLength(QUEUE_PAGE_SIZE)
    expect(first.total).toBe(await db.application.count({ where: { schoolId, closedAt: null } }))
    expect(first.matching).toBe(first.total)
    expect(first.next).toBeTruthy()
    // A new application with the nearest deadline arrives between the pages: the second page neither repeats nor skips.
    await receive('in_person', '8А')
    const second = await listQueue(schoolId, {}, now, null, first.next)
    const ids = [...first.rows, ...second.rows].map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const a of made) expect(ids).toContain(a.id)
    const dues = [...first.rows, ...second.rows].map((r) => r.deadline?.dueAt ?? '9999')
    expect(dues).toEqual([...dues].sort())
    // The tally the triggers keep equals a count of the rows, facet by facet.
    const byChannel = await db.application.groupBy({ by: ['channel'], where: { schoolId, closedAt: null }, _count: { _all: true } })
    const fresh = await listQueue(schoolId, {}, now)
    for (const g of byChannel) expect(fresh.counts.channel[g.channel]).toBe(g._count._all)
    const byClass = await listQueue(schoolId, { className: '8Б', channel: 'post' }, now)
    const expected = await db.application.count({ where: { schoolId, closedAt: null, className: '8Б', channel: 'post' } })
    expect(byClass.matching).toBe(expected)
    expect(byClass.counts.channel.post).toBe(expected)
    // A forged position is ignored (the first page), never an error.
    expect((await listQueue(schoolId, {}, now, null, 'не-курсор')).rows.map((r) => r.id)).toEqual(fresh.rows.map((r) => r.id))
  })

  it('shows the director the forwarded applications with the proposal', async () => {
    const app = await receive('online', '5Б')
    const responsible = await staffActor('responsible')
    const t = { applicationId: app.id, schoolId: app.schoolId, actor: responsible }
    await registerApplication(t)
    await startReview(t)
    await forwardToDirector({ ...t, comment: 'Документы в порядке', proposal: 'grant' })
    const rows = await listAwaitingDecision(app.schoolId)
    expect(rows.find((r) => r.id === app.id)).toMatchObject({ proposal: { value: 'grant', comment: 'Документы в порядке' } })
  })
})

describe('the application page', () => {
  it('gives the timeline with portal wording and actors, deadlines and only the allowed actions', async () => {
    const app = await receive('post', '8Б')
    const responsible = await staffActor('responsible')
    await registerApplication({ applicationId: app.id, schoolId: app.schoolId, actor: responsible })
    const page = (await getApplicationPage(app.schoolId, app.id, ['responsible'], new Date()))!
    expect(page.timeline.map((t) => [t.action, t.portal])).toEqual([
      ['Заявление получено', 'Заявление получено'],
      ['Зарегистрировано', 'Заявление зарегистрировано'],
    ])
    expect(page.timeline[1].actor).toBe(responsible.name)
    expect(page.timeline[1].at).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/)
    expect(page.deadlines.map((d) => d.stage)).toEqual(['review', 'delivery'])
    expect(page.actions).toEqual(['START_REVIEW', 'WITHDRAW'])
    const secretary = (await getApplicationPage(app.schoolId, app.id, ['secretary'], new Date()))!
    expect(secretary.actions).toEqual([])
    expect(await getApplicationPage(app.schoolId, 'no-such-id', ['responsible'], new Date())).toBeNull()
  })

  it('names a queued document by its Russian title, not the template’s file name', async () => {
    const app = await receive('online', '7Б', { kinds: ['marks'] })
    const responsible = await staffActor('responsible')
    const director = await staffActor('director')
    const t = { applicationId: app.id, schoolId: app.schoolId }
    await registerApplication({ ...t, actor: responsible })
    await startReview({ ...t, actor: responsible })
    await forwardToDirector({ ...t, actor: responsible, comment: 'Проверено', proposal: 'grant' })
    await transitionApplication({ ...t, actor: director, event: { type: 'GRANT' } })
    await startDelivery({ ...t, actor: responsible })
    const page = (await getApplicationPage(app.schoolId, app.id, ['responsible'], new Date()))!
    const what = page.jobs.map((j) => j.what)
    expect(what).toContain('документ «Выписка из электронного журнала успеваемости»')
    expect(what.join(' ')).not.toMatch(/vypiska|«[a-z-]+»/)
    expect(jobWhat('document', 'otkaz-v-prieme')).toBe('документ «Уведомление об отказе в приёме документов»')
    expect(jobWhat('send-email')).toBe('отправка письма')
  })
})

describe('the review pre-check', () => {
  it('proposes refusal when a 1st-grade pupil’s marks are requested: the information is absent', async () => {
    const app = await receive('online', '1А', { kinds: ['marks'] })
    const responsible = await staffActor('responsible')
    const t = { applicationId: app.id, schoolId: app.schoolId, actor: responsible }
    await registerApplication(t)
    await startReview(t)
    const check = (await reviewPrecheck(app.schoolId, app.id))!
    expect(check.proposal).toBe('refuse')
    expect(check.grounds).toHaveLength(1)
    expect(check.grounds[0]).toMatch(/^Запрашиваемая информация отсутствует в электронном дневнике/)
    expect(check.grounds[0]).toMatch(/В 1-х классах оценки/)
    expect(check.items.find((i) => i.label.startsWith('Сведения'))).toMatchObject({ ok: false })
  })

  it('proposes to grant when the marks exist and the applicant is the pupil’s parent', async () => {
    const pupil = await db.pupil.findFirstOrThrow({
      where: { class: { name: '5А' }, leftOn: null, guardians: { some: { statusConfirmed: true } } },
      include: { guardians: { where: { statusConfirmed: true }, include: { guardian: true } } },
    })
    const g = pupil.guardians[0].guardian
    const app = await receive('online', '5А', {
      applicant: applicantOf(g),
      pupil: { lastName: pupil.lastName, firstName: pupil.firstName, middleName: pupil.middleName, className: '5А' },
    })
    const check = (await reviewPrecheck(app.schoolId, app.id))!
    expect(check.items[0]).toMatchObject({ ok: true })
    expect(check.proposal).toBe('grant')
    expect(check.grounds).toEqual([])
  })

  it('attendance with nothing recorded reads «пропусков … не отмечено», not «записей — 0»; with absences it counts them', async () => {
    const pupils = await db.pupil.findMany({
      where: { class: { name: '5А' }, leftOn: null },
      select: { id: true, lastName: true, firstName: true, middleName: true, _count: { select: { attendance: true } } },
      orderBy: { attendance: { _count: 'desc' } },
    })
    const check = async (p: (typeof pupils)[number]) => {
      const app = await receive('online', '5А', {
        kinds: ['attendance'],
        pupil: { lastName: p.lastName, firstName: p.firstName, middleName: p.middleName, className: '5А' },
      })
      return (await reviewPrecheck(app.schoolId, app.id))!.items.find((i) => i.label === 'Сведения о посещаемости занятий обучающимся')
    }
    expect(await check(pupils[0])).toMatchObject({ ok: true, detail: expect.stringMatching(/: отметок о пропусках и опозданиях — \d+\.$/) })
    const never = pupils[pupils.length - 1]
    await db.attendance.deleteMany({ where: { pupilId: never.id } })
    expect(await check(never)).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/: уроки проведены, пропусков и опозданий не отмечено\.$/),
    })
  })

  // Порядок 2.7: «документ, подтверждающий статус заявителя (оригинал представляется для просмотра при личном
  // обращении законных представителей …)»; the памятка: needed only from representatives who are not parents.
  it('checks a parent against the journal’s guardian records (no status document) and shows the match', async () => {
    const pupil = await db.pupil.findFirstOrThrow({
      where: { class: { name: '6Б' }, leftOn: null },
      include: { guardians: { include: { guardian: true } } },
    })
    const link = pupil.guardians[0]
    const g = link.guardian
    const base = { pupil: { lastName: pupil.lastName, firstName: pupil.firstName, middleName: pupil.middleName, className: '6Б' } }
    const parent = await receive('online', '6Б', {
      ...base,
      applicant: { ...applicantOf(g), role: 'parent' },
    })
    expect(parent.applicantRole).toBe('parent')
    const check = (await reviewPrecheck(parent.schoolId, parent.id))!
    expect(check.items[0]).toMatchObject({
      label: 'Заявитель — родитель обучающегося (сверено с журналом)',
      ok: true,
      detail: expect.stringContaining(
        'Заявитель указал: «я родитель (мать, отец)». В журнале: ' +
          `${[g.lastName, g.firstName, g.middleName].filter(Boolean).join(' ')} — ${link.relationship}`,
      ),
    })
    expect(check.items.some((i) => i.label.startsWith('Документ, подтверждающий статус'))).toBe(false)

    // A guardian (опекун) who sent no copy of the status document: a correction request asks for it.
    const guardian = await receive('online', '6Б', {
      ...base,
      applicant: { ...applicantOf(g), role: 'guardian' },
    })
    const second = (await reviewPrecheck(guardian.schoolId, guardian.id))!
    expect(second.items).toContainEqual({
      label: 'Документ, подтверждающий статус (заявитель указал: «я опекун (попечитель)»)',
      ok: false,
      detail: 'Копия документа, подтверждающего статус законного представителя, не приложена.',
    })
    expect(second.proposal).toBe('correction')
    expect(second.correction).toContain('Направьте копию документа, подтверждающего статус законного представителя (опекуна, попечителя).')
    // The guardian answers the request with the copy: the pre-check takes it, not a second request for the same copy.
    const t = { applicationId: guardian.id, schoolId: guardian.schoolId, actor: await staffActor('responsible') }
    await registerApplication(t)
    await startReview(t)
    await requestCorrection({ ...t, items: second.correction })
    await submitCorrection({
      ...t,
      actor: { userId: null, name: 'Заявитель', roles: ['applicant'] },
      file: { bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'), name: 'постановление об опеке.pdf' },
    })
    const answered = (await reviewPrecheck(guardian.schoolId, guardian.id))!
    // Not known to hold the copy: «проверить» — the employee opens the file; neither passed nor asked again.
    expect(answered.items).toContainEqual({
      label: 'Документ, подтверждающий статус (заявитель указал: «я опекун (попечитель)»)',
      ok: false,
      check: true,
      detail:
        'Файл прислан в ответ на запрос копии документа, подтверждающего статус: постановление об опеке.pdf. Проверьте, ' +
        'что в нём копия документа, подтверждающего статус, и сверьте её со сведениями журнала.',
    })
    expect(answered.correction.join(' ')).not.toMatch(/статус законного представителя/)
    // A file answering a request for something else (the passport's copy) is not the status copy: it is asked for.
    const other = await receive('online', '6Б', { ...base, applicant: { ...applicantOf(g), role: 'guardian' } })
    const o = { applicationId: other.id, schoolId: other.schoolId, actor: await staffActor('responsible') }
    await registerApplication(o)
    await startReview(o)
    await requestCorrection({ ...o, items: ['Направьте копию паспорта.'] })
    await submitCorrection({
      ...o,
      actor: { userId: null, name: 'Заявитель', roles: ['applicant'] },
      file: { bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'), name: 'паспорт.pdf' },
    })
    const passport = (await reviewPrecheck(other.schoolId, other.id))!
    expect(passport.items.find((i) => i.label.startsWith('Документ, подтверждающий статус'))).toMatchObject({ ok: false })
    expect(passport.items.find((i) => i.label.startsWith('Документ, подтверждающий статус'))?.check).toBeUndefined()
    expect(passport.proposal).toBe('correction')
    expect(passport.correction).toContain(
      'Направьте копию документа, подтверждающего статус законного представителя (опекуна, попечителя).',
    )
    // By post the copies come in the envelope, kept as the letter's scan (Порядок 2.7 «копия - при обращении с помощью
    // почтовой связи»): the copy is looked for there — «проверить», the scan may hold the passport only.
    const scan = (applicationId: string, schoolId: string) =>
      db.upload.create({
        data: {
          schoolId,
          applicationId,
          kind: 'scan',
          fileName: 'письмо.pdf',
          mime: 'application/pdf',
          size: 1,
          sha256: '0',
          storagePath: 'x',
        },
      })
    const posted = await receive('post', '6Б', { ...base, applicant: { ...applicantOf(g), role: 'guardian' } })
    await scan(posted.id, posted.schoolId)
    const inEnvelope = (await reviewPrecheck(posted.schoolId, posted.id))!
    expect(inEnvelope.items.find((i) => i.label.startsWith('Документ, подтверждающий статус'))).toMatchObject({
      ok: false,
      check: true,
      detail: expect.stringMatching(/^Скан письма: письмо\.pdf\. Проверьте, что в нём копия документа, подтверждающего статус/),
    })
    // An e-mail's attachments are kept as scans too (a logo, a signature): none is taken for the status copy.
    const mailed = await receive('email', '6Б', { ...base, applicant: { ...applicantOf(g), role: 'guardian' } })
    await scan(mailed.id, mailed.schoolId)
    const byMail = (await reviewPrecheck(mailed.schoolId, mailed.id))!
    expect(byMail.items.find((i) => i.label.startsWith('Документ, подтверждающий статус'))).toMatchObject({
      ok: false,
      detail: 'Копия документа, подтверждающего статус законного представителя, не приложена.',
    })
    expect(byMail.proposal).toBe('correction')

    // In person the guardian showed the original — the desk registers only with it marked — and no copy is asked for:
    // «оригинал представляется для просмотра при личном обращении законных представителей, копия - при обращении с
    // помощью почтовой связи». It used to be asked by a correction request as from a remote applicant.
    const atDesk = await receive('in_person', '6Б', {
      ...base,
      applicant: { ...applicantOf(g), role: 'guardian', identityDocument: 'паспорт 6310 123456' },
    })
    const unregistered = (await reviewPrecheck(atDesk.schoolId, atDesk.id))!
    expect(unregistered.items.find((i) => i.label.startsWith('Документ, подтверждающий статус'))).toMatchObject({ ok: false })
    await registerApplication({
      applicationId: atDesk.id,
      schoolId: atDesk.schoolId,
      actor: await staffActor('responsible'),
      inPerson: true,
      originalsShown: true,
    })
    const shown = (await reviewPrecheck(atDesk.schoolId, atDesk.id))!
    expect(shown.items).toContainEqual({
      label: 'Документ, подтверждающий статус (заявитель указал: «я опекун (попечитель)»)',
      ok: true,
      detail: 'Оригинал предъявлен при личном обращении — отмечено при регистрации (Порядок, п. 2.7). Копия не требуется.',
    })
    expect(shown.correction.join(' ')).not.toMatch(/статус законного представителя/)
    expect(shown.proposal).not.toBe('correction')
  })

  // Порядок 3.2: «с помощью электронной почты заявитель заполняет форму заявления с указанием вида и реквизитов
  // документов …»; «с помощью почтовой связи … с приложением копий документов».
  it('proposes a correction request when an e-mailed or posted application has no identity document details or copy', async () => {
    const mailed = await receive('post', '7А', {
      applicant: { lastName: 'Иванова', firstName: 'Ольга', email: 'o@example.org', identityDocument: '' },
    })
    const check = (await reviewPrecheck(mailed.schoolId, mailed.id))!
    expect(check.items).toContainEqual({
      label: 'Документ, удостоверяющий личность (Порядок, п. 2.7, 3.2)',
      ok: false,
      detail:
        'Не указаны вид и реквизиты документа, удостоверяющего личность заявителя (Порядок, п. 2.7, 3.2); Не ' +
        'приложена копия документа, удостоверяющего личность заявителя (Порядок, п. 2.7, 3.2).',
    })
    expect(check.correction).toEqual(
      expect.arrayContaining([
        'Сообщите вид и реквизиты документа, удостоверяющего личность (серия, номер, кем и когда выдан).',
        'Направьте почтой копию документа, удостоверяющего личность: к заявлению, отправленному почтой, она прилагается (Порядок, п. 2.7).',
      ]),
    )
    expect(['correction', 'refuse']).toContain(check.proposal)
  })

  // Порядок 3.2: by e-mail «с указанием вида и реквизитов документов»; 2.7 asks the copy «при обращении с помощью
  // почтовой связи» only. An e-mailed application with the details and no attachment lacks nothing.
  it('asks an e-mailed application for the identity document’s details, never for its copy', async () => {
    const label = 'Документ, удостоверяющий личность (Порядок, п. 2.7, 3.2)'
    const details = 'паспорт гражданина Российской Федерации 6310 123456, выдан ГУ МВД России по Саратовской области 01.02.2015'
    const mailed = await receive('email', '7А', {
      applicant: { lastName: 'Иванова', firstName: 'Ольга', email: 'o@example.org', identityDocument: details },
    })
    const check = (await reviewPrecheck(mailed.schoolId, mailed.id))!
    expect(check.items).toContainEqual({ label, ok: true, detail: details })
    expect(check.correction.join(' ')).not.toContain('копию документа, удостоверяющего личность')
    const bare = await receive('email', '7А', {
      applicant: { lastName: 'Иванова', firstName: 'Ольга', email: 'o@example.org', identityDocument: '' },
    })
    const second = (await reviewPrecheck(bare.schoolId, bare.id))!
    expect(second.items).toContainEqual({
      label,
      ok: false,
      detail: 'Не указаны вид и реквизиты документа, удостоверяющего личность заявителя (Порядок, п. 2.7, 3.2).',
    })
  })

  // 152-ФЗ: a stranger who knows the family's names must not have the child's marks sent to their own address.
  it('asks for a correction when a remote answer would go to a contact the school does not have for the guardian', async () => {
    const base = await applicationFor('5А')
    const label = 'Адрес для ответа известен школе'
    const itemOf = async (app: { schoolId: string; id: string }) => {
      const check = (await reviewPrecheck(app.schoolId, app.id))!
      return { check, item: check.items.find((i) => i.label === label) }
    }
    const own = await itemOf(await receive('online', '5А'))
    expect(own.item).toEqual({ label, ok: true, detail: 'Совпадает с журналом.' })

    const mailed = await itemOf(await receive('online', '5А', { applicant: { ...base.applicant, email: 'stranger@evil.example' } }))
    expect(mailed.item).toEqual({
      label,
      ok: false,
      detail:
        'Адрес электронной почты в заявлении не совпадает с адресом законного представителя, известным школе: ' +
        'сведения об обучающемся по нему не направляются.',
    })
    expect(mailed.check.proposal).toBe('correction')
    expect(mailed.check.correction).toContain('Получите ответ лично (с паспортом) или укажите адрес электронной почты, известный школе.')

    const posted = await itemOf(
      await receive('online', '5А', { applicant: { ...base.applicant, postalAddress: 'г. Москва, ул. Другая, д. 5' }, delivery: 'post' }),
    )
    expect(posted.item).toMatchObject({ ok: false, detail: expect.stringMatching(/^Почтовый адрес в заявлении не совпадает/) })
    expect(posted.check.proposal).toBe('correction')

    // In person the passport is the check; no contact on record leaves a remark for the employee, not a correction.
    const inPerson = await itemOf(
      await receive('in_person', '5А', { applicant: { ...base.applicant, email: 'stranger@evil.example' }, delivery: 'in_person' }),
    )
    expect(inPerson.item).toBeUndefined()
    const pupil = await db.pupil.findFirstOrThrow({
      where: { class: { name: '5А' }, leftOn: null },
      orderBy: { lastName: 'asc' },
      include: { guardians: true },
    })
    const guardianId = pupil.guardians[0].guardianId
    const { email } = await db.guardian.findUniqueOrThrow({ where: { id: guardianId } })
    await db.guardian.update({ where: { id: guardianId }, data: { email: '' } })
    try {
      const unknown = await itemOf(await receive('online', '5А', { applicant: { ...base.applicant, email: 'new@example.org' } }))
      expect(unknown.item).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/^Адрес электронной почты законного представителя школе неизвестен/),
      })
      expect(unknown.check.correction.join(' ')).not.toMatch(/известный школе/)
    } finally {
      await db.guardian.update({ where: { id: guardianId }, data: { email } })
    }
  })

  it('proposes refusal when the applicant is not among the pupil’s guardians', async () => {
    const app = await receive('online', '5А', { applicant: { lastName: 'Посторонний', firstName: 'Пётр', email: 'p@example.org' } })
    const check = (await reviewPrecheck(app.schoolId, app.id))!
    expect(check.proposal).toBe('refuse')
    expect(check.grounds.some((g) => /не является родителем/.test(g))).toBe(true)
  })
})

describe('refusal grounds', () => {
  it('has sensible defaults, keeps the school’s own list, and returns to the defaults', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { login: 'responsible' } })
    expect(await getRefusalGrounds(user.schoolId, 'acceptance')).toEqual([...DEFAULT_ACCEPTANCE_GROUNDS])
    expect(await getRefusalGrounds(user.schoolId, 'information')).toHaveLength(3)
    await saveRefusalGrounds('acceptance', [' Нет подписи заявителя ', '', 'Нет подписи заявителя', 'Не указан класс'], user)
    expect(await getRefusalGrounds(user.schoolId, 'acceptance')).toEqual(['Нет подписи заявителя', 'Не указан класс'])
    // Another school on the same installation keeps its own (default) list.
    const other = await otherSchool()
    expect(await getRefusalGrounds(other.id, 'acceptance')).toEqual([...DEFAULT_ACCEPTANCE_GROUNDS])
    await resetRefusalGrounds('acceptance', user)
    expect(await getRefusalGrounds(user.schoolId, 'acceptance')).toEqual([...DEFAULT_ACCEPTANCE_GROUNDS])
    expect(await db.auditEvent.count({ where: { action: 'update:refusal-grounds' } })).toBe(1)
  })
})

describe('the desk’s journal lookup', () => {
  it('finds the family by a few letters of the pupil’s surname, in any case', async () => {
    const pupil = await db.pupil.findFirstOrThrow({ where: { class: { name: '3Б' }, leftOn: null }, include: { guardians: true } })
    const found = await searchJournal(pupil.schoolId, pupil.lastName.slice(0, 3).toLowerCase())
    const match = found.find((m) => m.pupilId === pupil.id)
    expect(match).toBeDefined()
    expect(match!.className).toBe('3Б')
    expect(match!.guardians).toHaveLength(pupil.guardians.length)
    expect(await searchJournal(pupil.schoolId, 'а')).toEqual([])
  })

  it('finds «Ёлкина Алёна» typed without «ё», and a double surname typed in lower case', async () => {
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '3Б' } })
    const pupils = await Promise.all(
      [
        { lastName: 'Ёлкина', firstName: 'Алёна', middleName: 'Петровна' },
        { lastName: 'Римская-Корсакова', firstName: 'Вера', middleName: 'Ильинична' },
      ].map((n) =>
        db.pupil.create({ data: { ...n, schoolId: cls.schoolId, classId: cls.id, birthDate: '2017-03-01', enrolledOn: '2026-09-01' } }),
      ),
    )
    try {
      const ids = async (q: string) => (await searchJournal(cls.schoolId, q)).map((m) => m.pupilId)
      expect(await ids('елкина алена')).toEqual([pupils[0].id])
      expect(await ids('Ёлкина Алёна')).toEqual([pupils[0].id])
      expect(await ids('ЕЛК')).toContain(pupils[0].id)
      expect(await ids('римская-корс')).toEqual([pupils[1].id])
      expect(await ids('Римская-Корсакова вера')).toEqual([pupils[1].id])
      expect(await ids('елкина вера')).toEqual([])
    } finally {
      await db.pupil.deleteMany({ where: { id: { in: pupils.map((p) => p.id) } } })
    }
  })

  it('shows the first 8 in Russian order: «Ёшякова» comes after the «Еш…» ones, not first by code point', async () => {
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '3Б' } })
    const surnames = ['Ёшякова', 'Ешагина', 'Ешанская', 'Ешезова', 'Ешецкая', 'Ешизарова', 'Ешина', 'Ешовая', 'Ешьцова']
    const pupils = await Promise.all(
      surnames.map((lastName) =>
        db.pupil.create({
          data: { lastName, firstName: 'Анна', schoolId: cls.schoolId, classId: cls.id, birthDate: '2017-03-01', enrolledOn: '2026-09-01' },
        }),
      ),
    )
    try {
      const shown = (await searchJournal(cls.schoolId, 'еш')).map((m) => m.lastName)
      expect(shown).toEqual(['Ешагина', 'Ешанская', 'Ешезова', 'Ешецкая', 'Ешизарова', 'Ешина', 'Ешовая', 'Ешьцова'])
    } finally {
      await db.pupil.deleteMany({ where: { id: { in: pupils.map((p) => p.id) } } })
    }
  })
})

describe('refusal grounds of the acts (issue 15)', () => {
  it(
    'defaults to the grounds of the acts, each with its clause: «паспорт (оригинал … при личном обращении, копия — при обращении с ' +
      'помощью почтовой связи)» (Порядок 2.7), «отсутствия запрашиваемой информации в электронном дневнике и электронном журнале» ' +
      '(3.1.2)',
    async () => {
      expect(DEFAULT_ACCEPTANCE_GROUNDS.some((g) => /не поддаются прочтению/.test(g))).toBe(false)
      expect(DEFAULT_ACCEPTANCE_GROUNDS).toContain(
        'Не представлен документ, удостоверяющий личность заявителя: при личном обращении — оригинал, при обращении по ' +
          'почте — копия, в заявлении по электронной почте — вид и реквизиты документа (Порядок, п. 2.7, 3.2)',
      )
      expect(DEFAULT_INFORMATION_GROUNDS[0]).toMatch(
        /отсутствует в электронном дневнике и электронном журнале успеваемости \(Порядок, п\. 3\.1\.2\)/,
      )
      for (const g of [...DEFAULT_ACCEPTANCE_GROUNDS, ...DEFAULT_INFORMATION_GROUNDS]) expect(g).toMatch(/п\. \d/)
      const user = await db.user.findUniqueOrThrow({ where: { login: 'responsible' } })
      await saveRefusalGrounds('acceptance', [DEFAULT_ACCEPTANCE_GROUNDS[1], 'Заявление не подписано'], user)
      expect((await getRefusalGroundsWithOrigin(user.schoolId)).acceptance).toEqual([
        { text: DEFAULT_ACCEPTANCE_GROUNDS[1], origin: 'act' },
        { text: 'Заявление не подписано', origin: 'school' },
      ])
      await resetRefusalGrounds('acceptance', user)
    },
  )
})
