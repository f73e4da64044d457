import { describe, expect, it } from 'vitest'
import { genitiveFullName } from '#workflows/declension'
import { db } from '#app/utils/db.server'
import { runOutbox } from '#app/jobs/outbox.server'
import { login } from '#app/utils/auth.server'
import { forwardToDirector, refuseAcceptance, registerApplication, startDelivery, startReview } from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { renderMeetingKit, renderRegistrationLog } from '#app/documents/on-demand.server'
import { getClassRoster } from '#app/models/class.server'
import { receive, staffActor } from '#tests/helpers/applications'
import { docxText } from '#tests/helpers/docx'
import { formRequest, settle } from '#tests/helpers/http'
import { signIn } from '#tests/helpers/auth'
import { action as credentialsAction } from '#app/routes/classes.$classId.credentials'

async function grant(appId: string, schoolId: string) {
  const responsible = await staffActor('responsible')
  const director = await staffActor('director')
  const t = { applicationId: appId, schoolId }
  await registerApplication({ ...t, actor: responsible })
  await startReview({ ...t, actor: responsible })
  await forwardToDirector({ ...t, actor: responsible, comment: 'Проверено', proposal: 'grant' })
  await transitionApplication({ ...t, actor: director, event: { type: 'GRANT' } })
  await startDelivery({ ...t, actor: responsible })
}

const docsOf = (applicationId: string) => db.storedDocument.findMany({ where: { applicationId }, orderBy: { createdAt: 'asc' } })

describe('documents of the procedure, from the outbox', () => {
  it('generates the extract from the journal, stores it once, and queues the e-mail that carries it', async () => {
    const app = await receive('online', '7А', { kinds: ['marks', 'homework', 'attendance'], delivery: 'email' })
    await grant(app.id, app.schoolId)
    await runOutbox()
    await runOutbox() // a second pass must not make a second document
    const docs = (await docsOf(app.id)).filter((d) => d.kind === 'extract')
    expect(docs.filter((d) => d.fileName.endsWith('.docx'))).toHaveLength(1)
    const text = docxText(docs.find((d) => d.fileName.endsWith('.docx'))!.content)
    expect(text).toContain(app.pupilName)
    expect(text).toContain('Выписка верна')
    const mark = await db.mark.findFirstOrThrow({
      where: { pupilId: app.pupilId! },
      include: { lesson: true },
      orderBy: { lesson: { date: 'desc' } },
    })
    expect(text).toContain(mark.lesson.topic)
    const mails = await db.outboxJob.findMany({ where: { kind: 'send-email', payload: { contains: app.id } } })
    expect(mails.length).toBeGreaterThanOrEqual(1)
    expect(await db.delivery.count({ where: { applicationId: app.id, kind: 'extract' } })).toBe(1)
  })

  it('issues access credentials that really sign the parent in and force a new password', async () => {
    const app = await receive('online', '8Б', { kinds: ['access'], delivery: 'in_person' })
    await db.guardianLink.updateMany({
      where: { pupilId: app.pupilId!, guardian: { lastName: app.applicantLastName, firstName: app.applicantFirstName } },
      data: { statusConfirmed: true },
    })
    await grant(app.id, app.schoolId)
    await runOutbox()
    // ADR 019: in person, the letter is produced when it is printed, by whoever issues credentials (here the ЭЖ
    // administrator); the worker stores no letter with a password.
    expect(await db.storedDocument.count({ where: { applicationId: app.id, kind: 'credentials' } })).toBe(0)
    const pupil = await db.pupil.findUniqueOrThrow({ where: { id: app.pupilId! } })
    const request = new Request(`http://localhost:3000/classes/${pupil.classId}/credentials`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost:3000', Cookie: await signIn('admin') },
      body: new URLSearchParams({ from: 'staff', intent: 'letter', applicationId: app.id }),
    })
    const response = await settle(() => credentialsAction({ request, params: { classId: pupil.classId }, context: {} }))
    expect(response.status).toBe(200)
    const text = docxText(Buffer.from(await response.arrayBuffer()))
    const loginName = /Логин:?\s*([a-z0-9._-]+)/i.exec(text)?.[1]
    const password = /Временный \(одноразовый\) пароль\s*(\S+)/i.exec(text)?.[1]
    expect(loginName).toBeTruthy()
    expect(password).toBeTruthy()
    const result = await login(formRequest('/login', {}), loginName!, password!)
    expect(result.ok && result.user.mustChangePassword).toBe(true)
    const user = await db.user.findUniqueOrThrow({ where: { login: loginName! }, include: { guardian: { include: { links: true } } } })
    expect(user.guardian!.links.map((l) => l.pupilId)).toContain(app.pupilId)
    const copy = await db.storedDocument.findFirstOrThrow({ where: { applicationId: app.id, kind: 'credentials' } })
    expect(docxText(copy.content)).not.toContain(password!)
  })

  it('writes the acceptance-refusal notice with its grounds when asked for in writing', async () => {
    const app = await receive('post', '3А')
    await refuseAcceptance({
      applicationId: app.id,
      schoolId: app.schoolId,
      actor: await staffActor('director'), // Порядок 3.1.1: the written notice is the director's
      grounds: ['Не приложена копия документа, подтверждающего статус законного представителя'],
      form: 'written',
    })
    await runOutbox()
    const notice = (await docsOf(app.id)).find((d) => d.kind === 'acceptance-refusal-notice' && d.fileName.endsWith('.docx'))!
    const text = docxText(notice.content)
    expect(text).toContain('Не приложена копия документа, подтверждающего статус законного представителя')
    expect(text).toContain('Т.В. Тушинская')
  })

  it('makes the meeting kit (handout + a form per pupil) and the registration log', async () => {
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '2Б' }, include: { pupils: { where: { leftOn: null } } } })
    let progress = 0
    const kit = await renderMeetingKit(cls.id, 'http://school.test:3153/apply', (done) => {
      progress = done
    })
    const text = docxText(kit.docx)
    // The handout's e-diary, blank-form and online-form addresses are one origin: the one the kit was asked at.
    expect(text).toContain('http://school.test:3153/apply')
    expect(text).toContain('(http://school.test:3153)')
    expect(text).toContain('на сайте http://school.test:3153')
    expect(text).not.toContain('localhost')
    expect(progress).toBe(cls.pupils.length)
    // Each form names its pupil as the form's text wants it: «о текущей успеваемости» + the genitive (issue 19, item 4).
    for (const p of cls.pupils.slice(0, 3))
      expect(text).toContain(genitiveFullName({ lastName: p.lastName, firstName: p.firstName, middleName: p.middleName }))
    expect(text.match(/ЗАЯВЛЕНИЕ/gi)?.length).toBeGreaterThanOrEqual(cls.pupils.length)

    // A room typed the old way («каб. 105») prints once as «кабинет 105», never «кабинет каб. 105».
    await db.school.update({ where: { id: cls.schoolId }, data: { responsibleRoom: 'каб. 105' } })
    const legacy = docxText((await renderMeetingKit(cls.id, 'http://localhost:3000/apply')).docx)
    expect(legacy).toContain('кабинет 105')
    expect(legacy).not.toMatch(/кабинет каб/i)

    const app = await receive('email', '4А')
    await registerApplication({ applicationId: app.id, schoolId: app.schoolId, actor: await staffActor('responsible') })
    const log = await renderRegistrationLog(app.schoolId, new Date(Date.now() - 86_400_000), new Date(Date.now() + 60_000))
    expect(docxText(log.docx)).toContain(app.pupilName)
  })

  it('lists a class as its register does: «Ёлкин» among the «Е», not first (the roster and the meeting kit)', async () => {
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '3А' } })
    const names = [
      { lastName: 'Ершов', firstName: 'Иван', middleName: 'Олегович' },
      { lastName: 'Ёлкин', firstName: 'Пётр', middleName: 'Ильич' },
      { lastName: 'Аарон', firstName: 'Олег', middleName: 'Петрович' },
    ]
    const added = await Promise.all(
      names.map((n) =>
        db.pupil.create({ data: { ...n, schoolId: cls.schoolId, classId: cls.id, birthDate: '2017-03-01', enrolledOn: '2026-09-01' } }),
      ),
    )
    try {
      const roster = (await getClassRoster(cls.schoolId, cls.id))!.pupils.map((p) => p.name.split(' ')[0])
      const at = (surname: string) => roster.indexOf(surname)
      expect(at('Аарон')).toBe(0)
      expect(at('Ёлкин')).toBeGreaterThan(at('Аарон'))
      expect(at('Ёлкин')).toBeLessThan(at('Ершов'))
      // No surname of the demo class between «Ёлкин» and «Ершов» sorts otherwise: the neighbours are in order.
      expect(roster.slice(at('Ёлкин') - 1, at('Ёлкин') + 2)).toEqual(
        [...roster.slice(at('Ёлкин') - 1, at('Ёлкин') + 2)].sort((a, b) => a.localeCompare(b, 'ru')),
      )
      const kit = docxText((await renderMeetingKit(cls.id, 'http://localhost:3000/apply')).docx)
      const place = (n: (typeof names)[number]) => kit.indexOf(genitiveFullName(n))
      expect(place(names[2])).toBeGreaterThan(-1)
      expect(place(names[2])).toBeLessThan(place(names[1]))
      expect(place(names[1])).toBeLessThan(place(names[0]))
    } finally {
      await db.pupil.deleteMany({ where: { id: { in: added.map((p) => p.id) } } })
    }
  })
})
