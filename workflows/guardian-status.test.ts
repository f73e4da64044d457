import { describe, expect, it } from 'vitest'
import {
  confirmedForAll,
  credentialsEligibility,
  findApplicantLink,
  periodicRecipientCheck,
  PERIODIC_HOLD_MESSAGES,
  isConfirmedLink,
  isPeriodicHold,
  periodicHoldText,
  replyContactCheck,
  sameAddress,
  sameName,
} from './guardian-status'

const guardian = { email: 'mama@example.org', postalAddress: 'г. Саратов, ул. Мира, д. 5, кв. 12' }
const base = {
  pupilFound: true,
  link: { statusConfirmed: true, guardian },
  applicantEmail: 'mama@example.org',
  applicantPostalAddress: 'г. Саратов, ул. Мира, д. 5, кв. 12',
}

describe('guardian status (Порядок 1.2, 2.7)', () => {
  it('a link is confirmed only by a document; a guardian of several children needs every link confirmed', () => {
    expect(isConfirmedLink({ statusConfirmed: true })).toBe(true)
    expect(isConfirmedLink({ statusConfirmed: false })).toBe(false)
    expect(confirmedForAll([{ statusConfirmed: true }, { statusConfirmed: true }])).toBe(true)
    expect(confirmedForAll([{ statusConfirmed: true }, { statusConfirmed: false }])).toBe(false)
    expect(confirmedForAll([])).toBe(false)
  })

  it('finds the applicant by the guardian named, else by name (ё = е, a missing middle name does not decide)', () => {
    const links = [
      { guardianId: 'g1', guardian: { lastName: 'Алексеева', firstName: 'Варвара', middleName: 'Константиновна' } },
      { guardianId: 'g2', guardian: { lastName: 'Алексеев', firstName: 'Пётр', middleName: '' } },
    ]
    expect(findApplicantLink(links, { lastName: 'алексеева', firstName: 'ВАРВАРА', middleName: '' })?.guardianId).toBe('g1')
    expect(findApplicantLink(links, { lastName: 'Алексеев', firstName: 'Петр', middleName: 'Ильич' })?.guardianId).toBe('g2')
    expect(findApplicantLink(links, { lastName: 'Алексеева', firstName: 'Варвара', middleName: 'Петровна' })).toBeUndefined()
    expect(findApplicantLink(links, { lastName: 'Алексеева', firstName: 'Варвара', middleName: '', guardianId: 'g2' })?.guardianId).toBe(
      'g2',
    )
    expect(
      sameName(
        { lastName: 'Ёлкина', firstName: 'Анна', middleName: '' },
        { lastName: 'Елкина', firstName: 'анна', middleName: 'Ивановна' },
      ),
    ).toBe(true)
    // As the pupil search compares: a typographic apostrophe, a doubled or no-break space.
    const darc = { lastName: "Д'Арк", firstName: 'Мария', middleName: '' }
    expect(sameName({ lastName: 'Д’Арк', firstName: 'Мария', middleName: '' }, darc)).toBe(true)
    expect(sameName({ lastName: 'Дʼарк', firstName: ' Мария ', middleName: '' }, darc)).toBe(true)
    expect(
      sameName(
        { lastName: 'Иванова-Петрова', firstName: 'Анна\u00a0Мария', middleName: '' },
        { ...darc, lastName: 'Иванова-Петрова', firstName: 'Анна  Мария' },
      ),
    ).toBe(true)
    expect(sameName({ lastName: 'Д’Арк', firstName: 'Марина', middleName: '' }, darc)).toBe(false)
  })

  it('addresses compare without case, spaces and punctuation; an empty address matches nothing', () => {
    expect(sameAddress('г. Саратов, ул. Мира, д. 5, кв. 12', 'Г Саратов ул Мира д5 кв12')).toBe(true)
    expect(sameAddress('г. Саратов, ул. Мира, д. 5, кв. 12', 'г. Саратов, ул. Мира, д. 5, кв. 21')).toBe(false)
    expect(sameAddress('', '')).toBe(false)
    // Stored before look-alikes were corrected (a Latin «е», «С»): the form's corrected address is the same one.
    expect(sameAddress('г. Саратов, ул. Лeнина, д. 5', 'г. Саратов, ул. Ленина, д. 5')).toBe(true)
    expect(sameAddress('г. Caратов, ул. Ленина, д. 5', 'г. Саратов, ул. Ленина, д. 5')).toBe(true)
  })
})

describe('credentials only to a confirmed guardian through a contact on file (issue 13.8)', () => {
  it('in person: a confirmed guardian gets them (the passport is checked at the desk)', () => {
    expect(credentialsEligibility({ ...base, delivery: 'in_person', applicantEmail: 'other@example.net' })).toEqual({ ok: true })
  })

  it("by e-mail: only to the address on file (case ignored); a typed address of one's own gets a correction request", () => {
    expect(credentialsEligibility({ ...base, delivery: 'email', applicantEmail: ' MAMA@example.org ' })).toEqual({ ok: true })
    const impostor = credentialsEligibility({ ...base, delivery: 'email', applicantEmail: 'chuzhoy@example.net' })
    expect(impostor).toMatchObject({ ok: false, code: 'contact', proposal: 'correction' })
    // No e-mail on file: nothing to compare with, so not by e-mail.
    expect(
      credentialsEligibility({
        ...base,
        link: { statusConfirmed: true, guardian: { ...guardian, email: '' } },
        delivery: 'email',
        applicantEmail: '',
      }),
    ).toMatchObject({ ok: false, code: 'contact' })
  })

  it('by post: only to the postal address on file', () => {
    expect(credentialsEligibility({ ...base, delivery: 'post', applicantPostalAddress: 'Саратов ул Мира д 5 кв 12 г' })).toMatchObject({
      ok: false,
      code: 'contact',
    })
    expect(credentialsEligibility({ ...base, delivery: 'post', applicantPostalAddress: 'Г. САРАТОВ, УЛ. МИРА, Д.5, КВ.12' })).toEqual({
      ok: true,
    })
  })

  it('not a guardian → refusal; not confirmed or no pupil → correction request, whatever the contact', () => {
    expect(credentialsEligibility({ ...base, link: undefined, delivery: 'in_person' })).toMatchObject({
      ok: false,
      code: 'not-guardian',
      proposal: 'refuse',
    })
    expect(credentialsEligibility({ ...base, link: { statusConfirmed: false, guardian }, delivery: 'in_person' })).toMatchObject({
      ok: false,
      code: 'unconfirmed',
      proposal: 'correction',
    })
    expect(credentialsEligibility({ ...base, pupilFound: false, link: undefined, delivery: 'in_person' })).toMatchObject({
      ok: false,
      code: 'no-pupil',
      proposal: 'correction',
    })
  })

  it('compares e-mail addresses as one mailbox: case, «mailto:», a trailing dot, a Cyrillic domain and its punycode', () => {
    const onFile = {
      ...base,
      link: { statusConfirmed: true, guardian: { ...guardian, email: 'guzel@почта.рф' } },
      delivery: 'email' as const,
    }
    for (const applicantEmail of ['Guzel@xn--80a1acny.xn--p1ai', 'mailto:guzel@ПОЧТА.РФ', 'guzel@почта.рф.'])
      expect(credentialsEligibility({ ...onFile, applicantEmail })).toEqual({ ok: true })
    expect(credentialsEligibility({ ...onFile, applicantEmail: 'guzel@pochta.ru' })).toMatchObject({ ok: false, code: 'contact' })
    const reply = {
      delivery: 'email' as const,
      fromAccount: false,
      applicantPostalAddress: '',
      guardian: { email: 'darc@mail.ru.', postalAddress: '' },
    }
    expect(replyContactCheck({ ...reply, applicantEmail: 'DARC@mail.ru' })).toEqual({ ok: true })
    expect(replyContactCheck({ ...reply, applicantEmail: '' })).toMatchObject({ ok: false })
  })
})

describe('periodicRecipientCheck: each extract of a periodic answer asks again who the applicant is', () => {
  const confirmed = { statusConfirmed: true }
  const unconfirmed = { statusConfirmed: false }
  const noLinkThen = { linkAtGrant: false }
  const linkThen = { linkAtGrant: true }
  const unknown = { linkAtGrant: null }
  const check = (applicantRole: string, link: { statusConfirmed: boolean } | undefined, override: { linkAtGrant: boolean | null } | null) =>
    periodicRecipientCheck({ applicantRole, pupilFound: true, link, override })
  it.each([
    // without an override: the pre-check's rule on today's journal
    ['parent', confirmed, null, true],
    ['parent', unconfirmed, null, true],
    ['parent', undefined, null, false],
    ['guardian', confirmed, null, true],
    ['guardian', unconfirmed, null, false],
    ['representative', unconfirmed, null, false],
    ['', confirmed, null, true],
    ['', unconfirmed, null, false],
    ['', undefined, null, false],
    // the director granted with no link in the journal (documents were the proof): a missing link does not hold
    ['guardian', undefined, noLinkThen, true],
    ['', undefined, unknown, true],
    // the director granted over an unconfirmed status: it does not hold
    ['', unconfirmed, linkThen, true],
    ['guardian', unconfirmed, noLinkThen, true],
    // a link that existed at the grant and is gone now holds, override or not
    ['parent', undefined, linkThen, false],
    ['', undefined, linkThen, false],
  ] as const)('role «%s», link %o, override %o → ok %s', (role, link, override, ok) => {
    expect(check(role, link, override).ok).toBe(ok)
  })
  it('says why in Russian', () => {
    expect(check('parent', undefined, null)).toEqual({ ok: false, message: PERIODIC_HOLD_MESSAGES.gone })
    expect(check('guardian', unconfirmed, null)).toEqual({ ok: false, message: PERIODIC_HOLD_MESSAGES.unconfirmed })
    expect(periodicRecipientCheck({ applicantRole: 'parent', pupilFound: false, link: undefined, override: null })).toEqual({
      ok: false,
      message: PERIODIC_HOLD_MESSAGES.pupil,
    })
    expect(periodicRecipientCheck({ applicantRole: '', pupilFound: false, link: undefined, override: noLinkThen }).ok).toBe(true)
  })
})

describe('a held extract is told apart from a failed one', () => {
  it('is the text periodicHoldText makes, whatever the reason; a render error is not a hold', () => {
    for (const reason of Object.values(PERIODIC_HOLD_MESSAGES)) expect(isPeriodicHold(periodicHoldText(reason))).toBe(true)
    expect(isPeriodicHold(periodicHoldText('обучающийся выбыл из школы 01.12.2026', 'left'))).toBe(true)
    expect(isPeriodicHold('Выписка не сформирована: шаблон не найден')).toBe(false)
    expect(isPeriodicHold(null)).toBe(false)
  })
})
