import { createActor, transition } from 'xstate'
import { describe, expect, it, vi } from 'vitest'
import {
  applicationMachine,
  EFFECTS,
  EVENT_LABELS,
  EVENT_PAST_LABELS,
  WRITTEN_ACCEPTANCE_REFUSAL_BY_DIRECTOR,
  type ApplicationEvent,
  type ApplicationEventType,
  type ApplicationInput,
  type Role,
} from './application.machine'
import { availableEvents, startApplication, step, type PersistedApplication } from './application.machine'
import { APPLICATION_STATUSES, FINAL_STATUSES, REOPENABLE_STATUSES, isOpen, type ApplicationStatus } from './statuses'

const who = (...roles: Role[]) => ({ userId: `u-${roles.join('-')}`, roles })
const responsible = who('responsible')
const director = who('director')
const parent = who('parent')
const system = who('system')
const ONCE: ApplicationInput = { applicationId: 'app-1', periodicity: 'once', channel: 'email', kinds: ['marks'] }
const WEEKLY: ApplicationInput = { ...ONCE, periodicity: 'weekly' }

const ev = {
  REGISTER: { type: 'REGISTER', registrationNumber: 15, actor: responsible, at: '2026-05-12T06:00:00.000Z' },
  REFUSE_ACCEPTANCE: { type: 'REFUSE_ACCEPTANCE', grounds: ['нет документа о статусе заявителя'], form: 'oral', actor: responsible },
  START_REVIEW: { type: 'START_REVIEW', actor: responsible },
  REQUEST_CORRECTION: { type: 'REQUEST_CORRECTION', items: ['класс обучающегося'], actor: responsible, at: '2026-05-13T06:00:00.000Z' },
  SUBMIT_CORRECTION: { type: 'SUBMIT_CORRECTION', note: '7Б', actor: parent, at: '2026-05-14T06:00:00.000Z' },
  FORWARD: { type: 'FORWARD', comment: 'Сведения есть в журнале', proposal: 'grant', actor: responsible },
  RETURN_TO_REVIEW: { type: 'RETURN_TO_REVIEW', comment: 'Уточните период', actor: director },
  GRANT: { type: 'GRANT', actor: director, at: '2026-05-15T06:00:00.000Z' },
  REFUSE: { type: 'REFUSE', grounds: ['информация отсутствует в электронном журнале'], actor: director },
  START_DELIVERY: { type: 'START_DELIVERY', actor: responsible },
  DELIVER: { type: 'DELIVER', deliveredAt: '2026-05-16T06:00:00.000Z', channel: 'email', actor: responsible },
  DELIVER_PERIODIC: { type: 'DELIVER_PERIODIC', deliveredAt: '2026-05-23T06:00:00.000Z', actor: system },
  YEAR_ENDED: { type: 'YEAR_ENDED', actor: system },
  NOTICE_DELIVERED: { type: 'NOTICE_DELIVERED', actor: responsible },
  WITHDRAW: { type: 'WITHDRAW', actor: parent },
  STOP_PERIODIC: { type: 'STOP_PERIODIC', actor: parent, at: '2026-05-25T06:00:00.000Z' },
  LETTER_RETURNED: {
    type: 'LETTER_RETURNED',
    reason: '550 5.1.1 <ivanova@example.ru>: user unknown',
    actor: system,
    at: '2026-05-17T06:00:00.000Z',
  },
} satisfies Record<ApplicationEventType, ApplicationEvent>

const PATHS: Record<ApplicationStatus, { events: ApplicationEventType[]; input?: ApplicationInput }> = {
  received: { events: [] },
  registered: { events: ['REGISTER'] },
  acceptance_refused: { events: ['REFUSE_ACCEPTANCE'] },
  in_review: { events: ['REGISTER', 'START_REVIEW'] },
  correction_requested: { events: ['REGISTER', 'START_REVIEW', 'REQUEST_CORRECTION'] },
  awaiting_decision: { events: ['REGISTER', 'START_REVIEW', 'FORWARD'] },
  granted: { events: ['REGISTER', 'START_REVIEW', 'FORWARD', 'GRANT'] },
  refused: { events: ['REGISTER', 'START_REVIEW', 'FORWARD', 'REFUSE'] },
  closed: { events: ['REGISTER', 'START_REVIEW', 'FORWARD', 'REFUSE', 'NOTICE_DELIVERED'] },
  delivering: { events: ['REGISTER', 'START_REVIEW', 'FORWARD', 'GRANT', 'START_DELIVERY'] },
  delivered: { events: ['REGISTER', 'START_REVIEW', 'FORWARD', 'GRANT', 'START_DELIVERY', 'DELIVER'] },
  active: { events: ['REGISTER', 'START_REVIEW', 'FORWARD', 'GRANT', 'START_DELIVERY', 'DELIVER'], input: WEEKLY },
  completed: { events: ['REGISTER', 'START_REVIEW', 'FORWARD', 'GRANT', 'START_DELIVERY', 'DELIVER', 'YEAR_ENDED'], input: WEEKLY },
  withdrawn: { events: ['WITHDRAW'] },
}

function ok(result: ReturnType<typeof step>) {
  if (!result.ok) throw new Error(result.reason)
  return result
}

function reach(status: ApplicationStatus, input: ApplicationInput = PATHS[status].input ?? ONCE): PersistedApplication {
  let snapshot = startApplication(input).snapshot
  for (const type of PATHS[status].events) snapshot = ok(step(snapshot, ev[type])).snapshot
  expect(snapshot.value).toBe(status)
  return snapshot
}

// The specification: events each status accepts.
const ALLOWED: Record<ApplicationStatus, ApplicationEventType[]> = {
  received: ['REGISTER', 'REFUSE_ACCEPTANCE', 'WITHDRAW'],
  registered: ['START_REVIEW', 'WITHDRAW'],
  in_review: ['REQUEST_CORRECTION', 'FORWARD', 'WITHDRAW'],
  correction_requested: ['SUBMIT_CORRECTION', 'WITHDRAW'],
  awaiting_decision: ['GRANT', 'REFUSE', 'RETURN_TO_REVIEW', 'WITHDRAW'],
  granted: ['START_DELIVERY', 'WITHDRAW'],
  delivering: ['DELIVER', 'WITHDRAW'],
  active: ['DELIVER_PERIODIC', 'YEAR_ENDED', 'STOP_PERIODIC'],
  refused: ['NOTICE_DELIVERED'],
  acceptance_refused: [],
  delivered: ['LETTER_RETURNED'],
  completed: [],
  closed: ['LETTER_RETURNED'],
  withdrawn: [],
}

describe('application machine: shape', () => {
  it('has exactly the flat statuses, with the final ones final and the answered ones reopenable only', () => {
    expect(Object.keys(applicationMachine.states).sort()).toEqual([...APPLICATION_STATUSES].sort())
    const finals = APPLICATION_STATUSES.filter((s) => applicationMachine.states[s].type === 'final')
    expect(finals.sort()).toEqual(FINAL_STATUSES.filter((s) => !REOPENABLE_STATUSES.includes(s)).sort())
    // ADR 064: delivered and closed are closed for people (no open work) and accept one system event only.
    for (const status of REOPENABLE_STATUSES) {
      expect(FINAL_STATUSES).toContain(status)
      expect(isOpen(status)).toBe(false)
      expect(applicationMachine.states[status].ownEvents).toEqual(['LETTER_RETURNED'])
      expect(availableEvents(status, ['responsible', 'director', 'admin', 'secretary', 'parent', 'applicant'])).toEqual([])
    }
  })

  it('declares every named effect as an action the server can provide', () => {
    const declared = Object.keys(applicationMachine.implementations.actions)
    for (const effect of EFFECTS) expect(declared).toContain(effect)
  })

  it('starts in received with the input in context', () => {
    const start = startApplication(ONCE)
    expect(start.status).toBe('received')
    expect(start.effects).toEqual([])
    expect(start.snapshot.context).toMatchObject({ applicationId: 'app-1', periodicity: 'once', registrationNumber: null, deliveries: 0 })
  })
})

describe('allowed transitions and their effects', () => {
  const cases: Array<[ApplicationStatus, ApplicationEvent, ApplicationStatus, string[], ApplicationInput?]> = [
    ['received', ev.REGISTER, 'registered', ['issueRegistrationNumber', 'setDeliveryDeadline', 'setReviewDeadline', 'notifyApplicant']],
    [
      'received',
      { ...ev.REGISTER, actor: who('secretary') },
      'registered',
      ['issueRegistrationNumber', 'setDeliveryDeadline', 'setReviewDeadline', 'notifyApplicant'],
    ],
    [
      'received',
      { ...ev.REGISTER, actor: director },
      'registered',
      ['issueRegistrationNumber', 'setDeliveryDeadline', 'setReviewDeadline', 'notifyApplicant'],
    ],
    ['received', ev.REFUSE_ACCEPTANCE, 'acceptance_refused', []],
    ['received', { ...ev.REFUSE_ACCEPTANCE, actor: who('secretary') }, 'acceptance_refused', []],
    // Порядок 3.1.1: the written notice is signed by the director, so the director issues it.
    ['received', { ...ev.REFUSE_ACCEPTANCE, form: 'written', actor: director }, 'acceptance_refused', ['queueAcceptanceRefusalNotice']],
    // ADR 031: the review has run since registration; taking it up starts no clock.
    ['registered', ev.START_REVIEW, 'in_review', []],
    ['in_review', ev.REQUEST_CORRECTION, 'correction_requested', ['queueCorrectionRequest']],
    ['correction_requested', ev.SUBMIT_CORRECTION, 'in_review', ['notifyResponsible']],
    ['correction_requested', { ...ev.SUBMIT_CORRECTION, actor: who('applicant') }, 'in_review', ['notifyResponsible']],
    ['in_review', ev.FORWARD, 'awaiting_decision', ['notifyDirector']],
    ['in_review', { ...ev.FORWARD, proposal: 'refuse', proposedGrounds: ['нет сведений'] }, 'awaiting_decision', ['notifyDirector']],
    ['awaiting_decision', ev.RETURN_TO_REVIEW, 'in_review', ['notifyResponsible']],
    ['awaiting_decision', ev.GRANT, 'granted', ['recordLogResult', 'notifyApplicant', 'notifyResponsible']],
    ['awaiting_decision', ev.REFUSE, 'refused', ['recordLogResult', 'queueRefusalNotice']],
    ['refused', ev.NOTICE_DELIVERED, 'closed', []],
    ['refused', { ...ev.NOTICE_DELIVERED, actor: system }, 'closed', []],
    ['delivering', { ...ev.DELIVER, actor: system }, 'delivered', []],
    ['granted', ev.START_DELIVERY, 'delivering', ['queueExtract']],
    ['granted', ev.START_DELIVERY, 'delivering', ['queueCredentialsLetter'], { ...ONCE, kinds: ['access'] }],
    ['granted', ev.START_DELIVERY, 'delivering', ['queueExtract', 'queueCredentialsLetter'], { ...ONCE, kinds: ['marks', 'access'] }],
    ['granted', ev.START_DELIVERY, 'delivering', ['queueExtract'], { ...ONCE, kinds: [] }],
    ['delivering', ev.DELIVER, 'delivered', []],
    ['delivering', ev.DELIVER, 'active', [], WEEKLY],
    ['active', ev.DELIVER_PERIODIC, 'active', []],
    ['active', { ...ev.DELIVER_PERIODIC, actor: responsible }, 'active', []],
    ['active', ev.YEAR_ENDED, 'completed', ['notifyApplicant']],
    ['active', ev.STOP_PERIODIC, 'completed', ['cancelPendingDelivery', 'notifyApplicant', 'notifyResponsible']],
    [
      'active',
      { ...ev.STOP_PERIODIC, actor: who('applicant') },
      'completed',
      ['cancelPendingDelivery', 'notifyApplicant', 'notifyResponsible'],
    ],
    [
      'active',
      { ...ev.STOP_PERIODIC, actor: responsible, reason: 'заявление от 20.05.2026' },
      'completed',
      ['cancelPendingDelivery', 'notifyApplicant', 'notifyResponsible'],
    ],
    // ADR 064: a bounce of the e-mailed answer reopens it (the staff notice is queued by the mail intake itself).
    ['delivered', ev.LETTER_RETURNED, 'delivering', []],
    ['closed', ev.LETTER_RETURNED, 'refused', []],
  ]
  it.each(cases)('%s + %o → %s', (from, event, to, effects, input) => {
    const result = ok(step(reach(from, input), event))
    expect(result.status).toBe(to)
    expect(result.snapshot.value).toBe(to)
    expect(result.effects).toEqual(effects)
  })

  it('records what the director and the applicant need in context', () => {
    let s = reach('correction_requested')
    s = ok(step(s, ev.SUBMIT_CORRECTION)).snapshot
    s = ok(step(s, { ...ev.FORWARD, comment: '  Сведения есть  ' })).snapshot
    s = ok(step(s, ev.RETURN_TO_REVIEW)).snapshot
    expect(s.context.directorComment).toBe('Уточните период')
    s = ok(step(s, ev.FORWARD)).snapshot
    expect(s.context.directorComment).toBeNull()
    s = ok(step(s, ev.REFUSE)).snapshot
    expect(s.context).toMatchObject({
      registrationNumber: 15,
      registeredAt: '2026-05-12T06:00:00.000Z',
      corrections: [
        { items: ['класс обучающегося'], requestedAt: '2026-05-13T06:00:00.000Z', submittedAt: '2026-05-14T06:00:00.000Z', note: '7Б' },
      ],
      proposal: { value: 'grant', comment: 'Сведения есть в журнале', by: 'u-responsible' },
      decision: { outcome: 'refuse', by: 'u-director', at: null },
      grounds: ['информация отсутствует в электронном журнале'],
    })
    const refusedAtDoor = reach('acceptance_refused').context
    expect(refusedAtDoor).toMatchObject({
      grounds: ['нет документа о статусе заявителя'],
      acceptanceRefusalForm: 'oral',
      registrationNumber: null,
    })
  })
})

describe('withdrawal', () => {
  const before: Array<[ApplicationStatus, string[]]> = [
    // ADR 119: in every state the letters waiting for the applicant are cancelled first, before the withdrawal's notice.
    ['received', ['cancelPendingDelivery', 'notifyResponsible']],
    ['registered', ['cancelPendingDelivery', 'recordLogResult', 'notifyResponsible']],
    ['in_review', ['cancelPendingDelivery', 'recordLogResult', 'notifyResponsible']],
    ['correction_requested', ['cancelPendingDelivery', 'recordLogResult', 'notifyResponsible']],
    ['awaiting_decision', ['cancelPendingDelivery', 'recordLogResult', 'notifyResponsible']],
    ['granted', ['cancelPendingDelivery', 'recordLogResult', 'notifyResponsible']],
    ['delivering', ['cancelPendingDelivery', 'recordLogResult', 'notifyResponsible']],
  ]
  it.each(before)('the applicant withdraws from %s', (from, effects) => {
    const result = ok(step(reach(from), { ...ev.WITHDRAW, reason: 'передумал', at: '2026-05-20T06:00:00.000Z' }))
    expect(result.status).toBe('withdrawn')
    expect(result.effects).toEqual(effects)
    expect(result.snapshot.context.withdrawal).toEqual({ by: 'u-parent', at: '2026-05-20T06:00:00.000Z', reason: 'передумал' })
  })

  it('staff withdraw only citing the applicant’s written request', () => {
    expect(step(reach('in_review'), { ...ev.WITHDRAW, actor: responsible })).toEqual({
      ok: false,
      reason: 'Укажите реквизиты письменного заявления заявителя об отзыве',
    })
    expect(ok(step(reach('in_review'), { ...ev.WITHDRAW, actor: responsible, reason: 'заявление от 14.05.2026' })).status).toBe('withdrawn')
    expect(step(reach('in_review'), { ...ev.WITHDRAW, actor: who('teacher') })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Недостаточно прав/),
    })
  })

  it.each(['delivered', 'completed'] as const)('is refused after delivery (%s)', (status) => {
    expect(step(reach(status), ev.WITHDRAW)).toEqual({
      ok: false,
      reason: 'Действие «Отозвать заявление» недоступно: информация уже предоставлена заявителю',
    })
  })

  it('is refused while periodic extracts are being sent, pointing to the stop instead', () => {
    expect(step(reach('active'), ev.WITHDRAW)).toEqual({
      ok: false,
      reason: 'Действие «Отозвать заявление» недоступно: информация уже предоставляется; периодическое предоставление можно прекратить',
    })
  })
})

describe('stopping a periodic application', () => {
  it('the applicant stops it: completed, the stop recorded, no further extract', () => {
    const result = ok(step(reach('active'), { ...ev.STOP_PERIODIC, reason: '  больше не нужно ' }))
    expect(result.snapshot.context.stopped).toEqual({ by: 'u-parent', at: '2026-05-25T06:00:00.000Z', reason: 'больше не нужно' })
    expect(result.snapshot.status).toBe('done')
    expect(step(result.snapshot, ev.DELIVER_PERIODIC)).toMatchObject({ ok: false, reason: expect.stringContaining('недоступно') })
  })

  it('staff stop it only citing the applicant’s written request; others may not', () => {
    expect(step(reach('active'), { ...ev.STOP_PERIODIC, actor: responsible })).toEqual({
      ok: false,
      reason: 'Укажите реквизиты письменного заявления заявителя о прекращении предоставления',
    })
    expect(step(reach('active'), { ...ev.STOP_PERIODIC, actor: who('class_teacher') })).toEqual({
      ok: false,
      reason: 'Недостаточно прав: прекратить предоставление может заявитель или ответственный работник по его письменному заявлению',
      forbidden: true,
    })
    expect(step(reach('active'), { ...ev.STOP_PERIODIC, actor: system })).toMatchObject({ ok: false })
  })

  it.each(['in_review', 'delivering', 'delivered', 'completed', 'withdrawn'] as const)(
    'is refused when nothing periodic is running (%s)',
    (status) => {
      expect(step(reach(status), ev.STOP_PERIODIC)).toEqual({
        ok: false,
        reason: 'Действие «Прекратить периодическое предоставление» недоступно: периодическое предоставление по заявлению не идёт',
      })
    },
  )

  it('an application stored before the stop existed (no `stopped` in context) can be stopped', () => {
    const old = reach('active')
    const { stopped: _gone, ...context } = old.context
    const result = ok(step(JSON.parse(JSON.stringify({ ...old, context })), ev.STOP_PERIODIC))
    expect(result.status).toBe('completed')
  })
})

describe('refused moves', () => {
  const allRoles: Role[] = [
    'admin',
    'director',
    'deputy',
    'responsible',
    'class_teacher',
    'teacher',
    'secretary',
    'parent',
    'applicant',
    'system',
  ]

  it('every status accepts exactly the specified events', () => {
    for (const status of APPLICATION_STATUSES) expect(availableEvents(status, allRoles).sort(), status).toEqual([...ALLOWED[status]].sort())
  })

  it('every other event is refused in every status with a Russian reason', () => {
    for (const status of APPLICATION_STATUSES) {
      const snapshot = reach(status)
      for (const type of Object.keys(ev) as ApplicationEventType[]) {
        if (ALLOWED[status].includes(type)) continue
        const result = step(snapshot, { ...ev[type], actor: who(...allRoles) })
        expect(result, `${status} + ${type}`).toMatchObject({
          ok: false,
          reason: expect.stringContaining(`Действие «${EVENT_LABELS[type]}» недоступно: `),
        })
      }
    }
  })

  it.each([
    ['registered', ev.REGISTER, 'Действие «Зарегистрировать» недоступно: заявление уже зарегистрировано'],
    ['in_review', ev.REFUSE_ACCEPTANCE, 'Действие «Отказать в приёме документов» недоступно: заявление уже зарегистрировано'],
    ['received', ev.START_REVIEW, 'Действие «Принять к рассмотрению» недоступно: заявление ещё не зарегистрировано'],
    ['in_review', ev.GRANT, 'Действие «Предоставить информацию» недоступно: заявление ещё не передано директору'],
    ['granted', ev.GRANT, 'Действие «Предоставить информацию» недоступно: решение по заявлению уже принято (статус «Решено предоставить»)'],
    [
      'closed',
      ev.NOTICE_DELIVERED,
      'Действие «Отметить вручение уведомления» недоступно: заявление в конечном статусе «Отказ: уведомление вручено»',
    ],
  ] as const)('wrong state: %s + %o', (status, event, reason) => {
    expect(step(reach(status), event)).toEqual({ ok: false, reason })
  })

  it.each([
    ['received', { ...ev.REGISTER, actor: parent }, 'Недостаточно прав: регистрирует заявления ответственный работник или секретарь'],
    ['received', { ...ev.REGISTER, actor: who('admin') }, 'Недостаточно прав: регистрирует заявления ответственный работник или секретарь'],
    ['registered', { ...ev.START_REVIEW, actor: who('secretary') }, 'Недостаточно прав: действие выполняет ответственный работник'],
    ['awaiting_decision', { ...ev.GRANT, actor: responsible }, 'Недостаточно прав: решение принимает директор'],
    ['awaiting_decision', { ...ev.REFUSE, actor: who('deputy') }, 'Недостаточно прав: решение принимает директор'],
    ['awaiting_decision', { ...ev.RETURN_TO_REVIEW, actor: responsible }, 'Недостаточно прав: решение принимает директор'],
    ['correction_requested', { ...ev.SUBMIT_CORRECTION, actor: responsible }, 'Недостаточно прав: исправления вносит заявитель'],
    ['active', { ...ev.DELIVER_PERIODIC, actor: parent }, 'Недостаточно прав: действие выполняет ответственный работник'],
    // Порядок 3.1.1: «уведомлением в письменной форме …, которое подписывается руководителем образовательного учреждения».
    ['received', { ...ev.REFUSE_ACCEPTANCE, form: 'written' }, WRITTEN_ACCEPTANCE_REFUSAL_BY_DIRECTOR],
    ['received', { ...ev.REFUSE_ACCEPTANCE, form: 'written', actor: who('secretary') }, WRITTEN_ACCEPTANCE_REFUSAL_BY_DIRECTOR],
  ] as const)('wrong role: %s + %o (forbidden: the route answers 403)', (status, event, reason) => {
    expect(step(reach(status), event as ApplicationEvent)).toEqual({ ok: false, reason, forbidden: true })
  })

  it.each([
    ['received', { ...ev.REGISTER, registrationNumber: 0 }, 'Регистрационный номер должен быть целым положительным числом'],
    ['received', { ...ev.REGISTER, registrationNumber: 1.5 }, 'Регистрационный номер должен быть целым положительным числом'],
    ['received', { ...ev.REGISTER, registrationNumber: Number.NaN }, 'Регистрационный номер должен быть целым положительным числом'],
    ['received', { ...ev.REFUSE_ACCEPTANCE, grounds: [] }, 'Укажите основания отказа'],
    ['received', { ...ev.REFUSE_ACCEPTANCE, grounds: ['  '] }, 'Укажите основания отказа'],
    ['awaiting_decision', { ...ev.REFUSE, grounds: [] }, 'Укажите основания отказа'],
    ['awaiting_decision', { ...ev.REFUSE, grounds: ['нет сведений', ''] }, 'Укажите основания отказа'],
    ['in_review', { ...ev.REQUEST_CORRECTION, items: [] }, 'Укажите, что заявителю нужно исправить'],
    ['in_review', { ...ev.FORWARD, comment: ' ' }, 'Добавьте комментарий для директора'],
    ['in_review', { ...ev.FORWARD, proposal: 'refuse' }, 'Предлагая отказ, укажите его основания'],
    ['awaiting_decision', { ...ev.RETURN_TO_REVIEW, comment: '' }, 'Укажите, что нужно доработать'],
    ['delivering', { ...ev.DELIVER, deliveredAt: 'вчера' }, 'Укажите дату предоставления информации'],
    ['delivering', { ...ev.DELIVER, channel: 'pigeon' }, 'Укажите способ предоставления информации'],
    [
      'delivering',
      { ...ev.DELIVER, channel: 'in_person', actor: system },
      'Сама система отмечает только письмо, принятое почтовым сервером; вручение лично и отправку почтой отмечает работник',
    ],
    [
      'delivering',
      { ...ev.DELIVER, channel: 'post', actor: system },
      'Сама система отмечает только письмо, принятое почтовым сервером; вручение лично и отправку почтой отмечает работник',
    ],
    ['active', { ...ev.DELIVER_PERIODIC, deliveredAt: '' }, 'Укажите дату предоставления информации'],
  ] as const)('missing data: %s + %o', (status, event, reason) => {
    expect(step(reach(status), event as unknown as ApplicationEvent)).toEqual({ ok: false, reason })
  })

  it('the machine’s own guards refuse the same moves without step()', () => {
    const { value, context } = reach('awaiting_decision')
    const snapshot = applicationMachine.resolveState({ value, context })
    for (const event of [
      { ...ev.GRANT, actor: responsible },
      { ...ev.REFUSE, grounds: [' '] },
      { ...ev.RETURN_TO_REVIEW, comment: '' },
    ]) {
      const [next, actions] = transition(applicationMachine, snapshot, event)
      expect(next.value).toBe('awaiting_decision')
      expect(actions).toEqual([])
    }
  })

  it('rejects an unknown stored status and a missing application', () => {
    const bad = { ...reach('received'), value: 'archived' } as unknown as PersistedApplication
    expect(step(bad, ev.REGISTER)).toEqual({ ok: false, reason: 'Неизвестный статус заявления «archived»' })
    expect(step(null, ev.REGISTER)).toEqual({ ok: false, reason: 'Нет данных заявления' })
    expect(ok(step(null, ev.REGISTER, ONCE)).status).toBe('registered')
  })
})

describe('a returned answer letter (ADR 064)', () => {
  it('uncounts the delivery, and the answer can be given again', () => {
    const delivered = reach('delivered')
    expect(delivered.context).toMatchObject({ deliveries: 1, lastDeliveredAt: '2026-05-16T06:00:00.000Z' })
    const back = ok(step(delivered, ev.LETTER_RETURNED))
    expect(back.snapshot.context).toMatchObject({ deliveries: 0, lastDeliveredAt: null })
    expect(back.snapshot.status).toBe('active')
    const again = ok(step(back.snapshot, { ...ev.DELIVER, channel: 'post', deliveredAt: '2026-05-20T06:00:00.000Z' }))
    expect(again.status).toBe('delivered')
    expect(again.snapshot.context).toMatchObject({ deliveries: 1, lastDeliveredAt: '2026-05-20T06:00:00.000Z' })
  })

  it('is the system’s alone, needs a reason, and reopens nothing else', () => {
    expect(step(reach('delivered'), { ...ev.LETTER_RETURNED, actor: responsible })).toEqual({
      ok: false,
      reason: 'Недостаточно прав: возврат письма отмечает сама система по ответу почтового сервера',
      forbidden: true,
    })
    expect(step(reach('delivered'), { ...ev.LETTER_RETURNED, actor: director })).toMatchObject({ ok: false })
    expect(step(reach('closed'), { ...ev.LETTER_RETURNED, reason: '  ' })).toEqual({ ok: false, reason: 'Укажите причину возврата письма' })
    for (const status of ['completed', 'withdrawn', 'acceptance_refused', 'active', 'delivering'] as const) {
      expect(step(reach(status), ev.LETTER_RETURNED), status).toMatchObject({
        ok: false,
        reason: expect.stringContaining('Действие «Отметить возврат письма» недоступно'),
      })
    }
  })
})

describe('periodic path and persistence', () => {
  it('delivers weekly until the year ends, through JSON at every step', () => {
    const events = [
      ...PATHS.active.events.map((t) => ev[t]),
      ev.DELIVER_PERIODIC,
      { ...ev.DELIVER_PERIODIC, deliveredAt: '2026-05-30T06:00:00.000Z' },
      ev.YEAR_ENDED,
    ]
    let stored = JSON.stringify(startApplication(WEEKLY).snapshot)
    const statuses: string[] = []
    for (const event of events) {
      const result = ok(step(JSON.parse(stored), event))
      statuses.push(result.status)
      stored = JSON.stringify(result.snapshot)
    }
    expect(statuses.slice(-4)).toEqual(['active', 'active', 'active', 'completed'])
    const final = JSON.parse(stored) as PersistedApplication
    expect(final).toMatchObject({
      status: 'done',
      value: 'completed',
      context: { deliveries: 3, lastDeliveredAt: '2026-05-30T06:00:00.000Z' },
    })
  })

  it('the stored snapshot is xstate’s own persisted form: an actor restores it and continues', () => {
    const persisted = JSON.parse(JSON.stringify(reach('awaiting_decision')))
    const notifyApplicant = vi.fn()
    const machine = applicationMachine.provide({ actions: { notifyApplicant } })
    const actor = createActor(machine, { snapshot: persisted, input: ONCE }).start()
    expect(actor.getSnapshot().value).toBe('awaiting_decision')
    actor.send(ev.GRANT)
    expect(actor.getSnapshot().value).toBe('granted')
    expect(notifyApplicant).toHaveBeenCalledOnce()
    actor.stop()
  })
})

describe('availableEvents', () => {
  it.each([
    ['in_review', ['responsible'], ['REQUEST_CORRECTION', 'FORWARD', 'WITHDRAW']],
    ['awaiting_decision', ['responsible'], ['WITHDRAW']],
    ['awaiting_decision', ['director'], ['GRANT', 'REFUSE', 'RETURN_TO_REVIEW', 'WITHDRAW']],
    ['received', ['secretary'], ['REGISTER', 'REFUSE_ACCEPTANCE']],
    ['correction_requested', ['parent'], ['SUBMIT_CORRECTION', 'WITHDRAW']],
    ['active', ['system'], ['DELIVER_PERIODIC', 'YEAR_ENDED']],
    ['active', ['parent'], ['STOP_PERIODIC']],
    ['received', ['admin'], []],
    ['received', ['teacher', 'class_teacher', 'deputy'], []],
    ['delivered', ['director'], []],
  ] as const)('%s for %o', (status, roles, expected) => {
    expect(availableEvents(status, roles)).toEqual(expected)
  })

  it('has a Russian label for every event', () => {
    for (const label of Object.values(EVENT_LABELS)) expect(label).toMatch(/^[А-ЯЁ][а-яё «»]+$/)
  })

  it('tells past events in the past tense, not with the button’s command', () => {
    expect(Object.keys(EVENT_PAST_LABELS).sort()).toEqual(Object.keys(EVENT_LABELS).sort())
    for (const [type, label] of Object.entries(EVENT_PAST_LABELS)) {
      expect(label).toMatch(/^[А-ЯЁ][а-яё «»]+$/)
      expect(label, type).not.toBe(EVENT_LABELS[type as ApplicationEventType])
    }
    expect([EVENT_PAST_LABELS.REGISTER, EVENT_PAST_LABELS.START_DELIVERY, EVENT_PAST_LABELS.DELIVER]).toEqual([
      'Зарегистрировано',
      'Отправка начата',
      'Информация предоставлена',
    ])
  })
})

// Порядок 3.1.2: «В случае отсутствия запрашиваемой информации в электронном дневнике и электронном журнале
// успеваемости заявитель информируется об этом уведомлением в письменной форме с указанием оснований отказа…,
// которое подписывается руководителем… и направляется заявителю указанным им в заявлении способом».
describe('a partial decision: grant what the journal holds, refuse the rest', () => {
  const FIRST_GRADE: ApplicationInput = { ...ONCE, kinds: ['marks', 'homework', 'attendance'] }
  const ground = 'отсутствие запрашиваемой информации в ЭД и ЭЖ'
  const partial: ApplicationEvent & { type: 'GRANT' } = {
    type: 'GRANT',
    refusedKinds: ['marks', 'homework'],
    grounds: [ground],
    actor: director,
    at: '2026-05-15T06:00:00.000Z',
  }

  it('forwards a partial proposal with the kinds and the ground', () => {
    const result = ok(
      step(reach('in_review', FIRST_GRADE), {
        ...ev.FORWARD,
        proposal: 'partial',
        proposedGrounds: [ground],
        proposedRefusedKinds: ['marks', 'homework'],
      }),
    )
    expect(result.status).toBe('awaiting_decision')
    expect(result.snapshot.context.proposal).toMatchObject({ value: 'partial', grounds: [ground], refusedKinds: ['marks', 'homework'] })
    expect(step(reach('in_review', FIRST_GRADE), { ...ev.FORWARD, proposal: 'partial', proposedGrounds: [ground] })).toEqual({
      ok: false,
      reason: 'Отметьте, в какой информации предлагается отказать',
    })
  })

  it('grants with the refusal notice queued in the same transition, both signed by one decision', () => {
    const result = ok(step(reach('awaiting_decision', FIRST_GRADE), partial))
    expect(result.status).toBe('granted')
    expect(result.effects).toEqual(['recordLogResult', 'queueRefusalNotice', 'notifyApplicant', 'notifyResponsible'])
    expect(result.snapshot.context).toMatchObject({
      decision: { outcome: 'partial', by: director.userId },
      grounds: [ground],
      refusedKinds: ['marks', 'homework'],
    })
  })

  it('then sends the extract of the granted kinds only', () => {
    const granted = ok(step(reach('awaiting_decision', FIRST_GRADE), partial)).snapshot
    expect(ok(step(granted, ev.START_DELIVERY)).effects).toEqual(['queueExtract'])
    const withAccess = ok(
      step(reach('awaiting_decision', { ...ONCE, kinds: ['marks', 'access'] }), { ...partial, refusedKinds: ['marks'] }),
    ).snapshot
    expect(ok(step(withAccess, ev.START_DELIVERY)).effects).toEqual(['queueCredentialsLetter'])
  })

  it('refuses a partial decision without grounds, refusing everything, or refusing what was not asked', () => {
    const at = reach('awaiting_decision', FIRST_GRADE)
    expect(step(at, { ...partial, grounds: [] })).toEqual({ ok: false, reason: 'Укажите основания отказа в части информации' })
    expect(step(at, { ...partial, refusedKinds: ['marks', 'homework', 'attendance'] })).toEqual({
      ok: false,
      reason: 'Отказ во всей запрошенной информации оформляется решением об отказе',
    })
    expect(step(at, { ...partial, refusedKinds: ['timetable'] })).toEqual({
      ok: false,
      reason: 'Отказать можно только в той информации, которая запрошена в заявлении',
    })
    expect(step(at, { ...partial, actor: responsible })).toEqual({
      ok: false,
      reason: 'Недостаточно прав: решение принимает директор',
      forbidden: true,
    })
  })

  it('a plain grant refuses nothing', () => {
    const result = ok(step(reach('awaiting_decision', FIRST_GRADE), ev.GRANT))
    expect(result.snapshot.context).toMatchObject({ decision: { outcome: 'grant' }, grounds: [], refusedKinds: [] })
    expect(ok(step(result.snapshot, ev.START_DELIVERY)).effects).toEqual(['queueExtract'])
  })
})
