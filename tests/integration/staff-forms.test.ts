// Issue 20.6: every staff form is checked by its zod schema (app/utils/form-schema.ts). Bad input answers 400 with
// the field's Russian message and changes nothing — no setting, audit row or report is written.
import type { ActionFunctionArgs } from '@remix-run/node'
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { action as groundsAction } from '#app/routes/staff.settings.grounds'
import { action as retentionAction } from '#app/routes/admin.retention'
import { action as compromiseAction } from '#app/routes/staff.compromise'
import { action as dashboardAction } from '#app/routes/staff.dashboard'
import { action as letterAction } from '#app/routes/admin.mail.$id'
import { action as deskIntakeAction } from '#app/routes/staff.intake._index'
import { action as postIntakeAction } from '#app/routes/staff.intake.post'
import { action as mailItemAction } from '#app/routes/staff.mail.$id'
import { action as mailUploadAction } from '#app/routes/staff.mail._index'
import { action as statusAction } from '#app/routes/s.$token'
import { registerApplication, requestCorrection, startReview } from '#app/operations/steps.server'
import { signIn } from '#tests/helpers/auth'
import { receive, staffActor } from '#tests/helpers/applications'
import { ORIGIN, formRequest, settle } from '#tests/helpers/http'

type Action = (args: ActionFunctionArgs) => Promise<unknown>

async function post(action: Action, path: string, login: string, fields: Record<string, string>, params: Record<string, string> = {}) {
  const cookie = await signIn(login)
  const res = await settle(() => action({ request: formRequest(path, fields, cookie), params, context: {} }))
  return { status: res.status, body: await res.json() }
}

/** What a refused form must leave as it was. */
async function snapshot() {
  const [settings, audit, reports, locked, jobs] = await Promise.all([
    db.setting.findMany({ orderBy: [{ schoolId: 'asc' }, { key: 'asc' }] }),
    db.auditEvent.count({ where: { action: { not: 'sign-in' } } }), // each post signs in anew
    db.compromiseReport.count(),
    db.user.count({ where: { lockedAt: { not: null } } }),
    db.outboxJob.findMany({ orderBy: { id: 'asc' }, select: { id: true, status: true } }),
  ])
  return { settings, audit, reports, locked, jobs }
}

describe('staff forms refuse bad input by their schema', () => {
  it('refusal grounds: an empty list, a ground too long, a list or action the page does not offer', async () => {
    const before = await snapshot()
    const cases: Array<[Record<string, string>, string, string]> = [
      [
        { kind: 'acceptance', intent: 'save', grounds: ' \n  \n' },
        'acceptance',
        'Список не может быть пустым: впишите хотя бы одно основание',
      ],
      [{ kind: 'information', grounds: 'а'.repeat(2001) }, 'information', 'Каждое основание — не длиннее'],
      [{ kind: 'everything', grounds: 'Основание' }, 'acceptance', 'Неизвестный список оснований или действие: обновите страницу'],
      [
        { kind: 'information', intent: 'drop', grounds: 'Основание' },
        'acceptance',
        'Неизвестный список оснований или действие: обновите страницу',
      ],
    ]
    for (const [fields, kind, message] of cases) {
      const { status, body } = await post(groundsAction, '/staff/settings/grounds', 'responsible', fields)
      expect(status, JSON.stringify(fields)).toBe(400)
      expect(body.kind).toBe(kind)
      expect(body.ok).toBe(false)
      expect(body.message).toContain(message)
    }
    expect(await snapshot()).toEqual(before)
    // The good form still saves: the schema is not a wall.
    const saved = await post(groundsAction, '/staff/settings/grounds', 'responsible', { kind: 'information', grounds: 'Первое\nВторое' })
    expect(saved).toMatchObject({ status: 200, body: { ok: true, kind: 'information', message: 'Сохранено оснований: 2' } })
  })

  it('retention: years out of range or not a number, a purge not confirmed, an unknown action', async () => {
    const before = await snapshot()
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ intent: 'years', years: '0' }, 'years', 'Укажите целое число лет от 1 до 75'],
      [{ intent: 'years', years: 'пять' }, 'years', 'Укажите целое число лет от 1 до 75'],
      [{ intent: 'years', years: '7.5' }, 'years', 'Укажите целое число лет от 1 до 75'],
      [{ intent: 'purge', count: '0' }, 'confirm', 'Подтвердите, что персональные данные будут удалены без возможности восстановления'],
      [{ intent: 'purge', confirm: 'yes' }, 'form', 'Обновите страницу: список к удалению не передан'],
      [{ intent: 'erase' }, 'form', 'Неизвестное действие'],
    ]
    for (const [fields, field, error] of cases) {
      const { status, body } = await post(retentionAction, '/admin/retention', 'admin', fields)
      expect(status, JSON.stringify(fields)).toBe(400)
      expect(body).toEqual({ ok: false, field, error })
    }
    expect(await snapshot()).toEqual(before)
  })

  it('a compromised-account report: each bad field named, no account locked, no report written', async () => {
    const before = await snapshot()
    const { status, body } = await post(compromiseAction, '/staff/compromise', 'secretary', {
      intent: 'record',
      login: '  ',
      via: 'mail',
      reportedAt: '31.02.2026 25:00',
    })
    expect(status).toBe(400)
    expect(body).toEqual({
      ok: false,
      message: 'Проверьте поля',
      fieldErrors: {
        login: 'Укажите логин учётной записи',
        via: 'Выберите, как получено сообщение',
        reportedAt: 'Укажите дату и время в виде ДД.ММ.ГГГГ ЧЧ:ММ',
      },
    })
    const support = await post(compromiseAction, '/staff/compromise', 'secretary', {
      intent: 'support',
      reportId: 'x',
      supportNotifiedAt: 'вчера',
    })
    expect(support).toMatchObject({
      status: 400,
      body: { fieldErrors: { supportNotifiedAt: 'Укажите дату и время в виде ДД.ММ.ГГГГ ЧЧ:ММ' } },
    })
    const unknown = await post(compromiseAction, '/staff/compromise', 'secretary', { intent: 'unlock', login: 'parent' })
    expect(unknown).toEqual({ status: 400, body: { ok: false, message: 'Неизвестное действие' } })
    expect(await snapshot()).toEqual(before)
  })

  it('an action a page does not offer: the dashboard’s check and the outgoing letter’s retry/cancel', async () => {
    const before = await snapshot()
    expect(await post(dashboardAction, '/staff/dashboard', 'director', { intent: 'verify-everything' })).toEqual({
      status: 400,
      body: { ok: false, message: 'Неизвестное действие' },
    })
    const job = await db.outboxJob.create({
      data: { kind: 'send-email', payload: '{}', idempotencyKey: 'staff-forms:letter', status: 'failed' },
    })
    expect(await post(letterAction, `/admin/mail/${job.id}`, 'admin', { intent: 'resend' }, { id: job.id })).toEqual({
      status: 400,
      body: { error: 'Неизвестное действие' },
    })
    expect((await db.outboxJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe('failed')
    const after = await snapshot()
    expect({ ...after, jobs: after.jobs.filter((j) => j.id !== job.id) }).toEqual(before)
  })

  // ADR 063 left these hand-checked; now they are schemas too (issue 20.6), with the same messages and nothing changed.
  it('the intake pages, the mail page and the .eml upload: an unknown action, a bad date, nothing received', async () => {
    const applications = await db.application.count()
    const inbound = await db.inboundMessage.count()
    const before = await snapshot()
    const desk = async (fields: Record<string, string>) => post(deskIntakeAction, '/staff/intake', 'responsible', fields)
    expect(await desk({ intent: 'erase', 'applicant.lastName': 'Иванова' })).toMatchObject({
      status: 400,
      body: { ok: false, formError: 'Неизвестное действие', fieldErrors: {}, values: { applicant: { lastName: 'Иванова' } } },
    })
    expect((await desk({ handedOverAt: '2099-01-01T10:00' })).body.formError).toBe('Время передачи заявлений не может быть в будущем')
    expect((await desk({ handedOverAt: 'вчера вечером' })).body.formError).toBe('Укажите дату и время собрания в виде ДД.ММ.ГГГГ ЧЧ:ММ')

    const byPost = async (fields: Record<string, string>) => post(postIntakeAction, '/staff/intake/post', 'responsible', fields)
    expect(await byPost({ intent: 'constructor', receivedOn: '2026-11-02' })).toMatchObject({
      status: 400,
      body: { formError: 'Неизвестное действие', fieldErrors: {} },
    })
    expect(await byPost({ intent: 'register', receivedOn: '2099-01-01' })).toMatchObject({
      status: 400,
      body: { formError: 'Проверьте заявление', fieldErrors: { receivedOn: 'Дата поступления не может быть в будущем' } },
    })
    expect((await byPost({ receivedOn: '02.11.2026' })).body.fieldErrors).toEqual({ receivedOn: 'Укажите дату поступления по штампу' })

    const letter = await post(mailItemAction, '/staff/mail/x', 'responsible', { intent: 'forward', identityCopy: 'on' }, { id: 'x' })
    expect(letter).toMatchObject({ status: 400, body: { formError: 'Неизвестное действие', fieldErrors: {} } })

    const eml = new FormData()
    eml.append('file', new File(['From: a@example.ru\r\nSubject: x\r\n\r\ntext'], 'letter.eml', { type: 'message/rfc822' }))
    eml.append('receivedAt', 'позавчера')
    const cookie = await signIn('responsible')
    const upload = await settle(() =>
      mailUploadAction({
        request: new Request(`${ORIGIN}/staff/mail`, { method: 'POST', body: eml, headers: { Cookie: cookie, Origin: ORIGIN } }),
        params: {},
        context: {},
      }),
    )
    expect(upload.status).toBe(400)
    expect(await upload.json()).toEqual({
      error: 'Укажите дату и время поступления письма',
      fieldErrors: { receivedAt: 'Укажите дату и время поступления' },
    })

    expect(await db.application.count()).toBe(applications)
    expect(await db.inboundMessage.count()).toBe(inbound)
    const after = await snapshot()
    expect(after.settings).toEqual(before.settings)
    expect(after.jobs).toEqual(before.jobs)
  })

  it('the answer to a correction request: a comment too long, then no document — the comment first, nothing sent', async () => {
    const t = { ...(await receive('online')), actor: await staffActor('responsible') }
    const target = { applicationId: t.id, schoolId: t.schoolId, actor: t.actor }
    await registerApplication(target)
    await startReview(target)
    await requestCorrection({ ...target, items: ['Приложите копию свидетельства о рождении'] })
    const before = await db.application.findUniqueOrThrow({ where: { id: t.id }, include: { uploads: true } })
    const send = async (fields: Record<string, string>, file?: File) => {
      const form = new FormData()
      form.append('intent', 'correction')
      for (const [k, v] of Object.entries(fields)) form.append(k, v)
      if (file) form.append('file', file)
      const res = await settle(() =>
        statusAction({
          request: new Request(`${ORIGIN}/s/${t.statusToken}`, { method: 'POST', body: form }),
          params: { token: t.statusToken },
          context: {},
        }),
      )
      return { status: res.status, body: await res.json() }
    }
    expect(await send({ note: 'я'.repeat(1001) })).toEqual({
      status: 400,
      body: { intent: 'correction', error: null, errors: { note: 'Комментарий не длиннее 1000 символов' } },
    })
    // No file chosen (the browser's unnamed empty part), then a file chosen but empty (said to be empty, session 23).
    expect(await send({ note: 'Прилагаю' }, new File([], ''))).toEqual({
      status: 400,
      body: { intent: 'correction', error: null, errors: { file: 'Приложите недостающий документ' } },
    })
    expect(await send({ note: 'Прилагаю' }, new File([], 'пусто.pdf'))).toEqual({
      status: 400,
      body: {
        intent: 'correction',
        error: null,
        errors: { file: 'Файл «пусто.pdf» пустой (0 байт): выберите файл ещё раз — возможно, он не сохранился до конца.' },
      },
    })
    const after = await db.application.findUniqueOrThrow({ where: { id: t.id }, include: { uploads: true } })
    expect([after.status, after.version, after.uploads.length]).toEqual([before.status, before.version, before.uploads.length])
  })
})
