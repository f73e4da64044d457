import { describe, expect, it } from 'vitest'
import {
  APPLICANT_STATUS_TEXT,
  APPLICATION_STATUSES,
  FINAL_STATUSES,
  STAFF_STATUS_LABELS,
  applicantStatusText,
  isApplicationStatus,
  isFinal,
  isOpen,
} from './statuses'

describe('statuses', () => {
  it('words every status for the applicant and for staff', () => {
    for (const status of APPLICATION_STATUSES) {
      expect(APPLICANT_STATUS_TEXT[status]).toMatch(/^[А-ЯЁ]/)
      expect(STAFF_STATUS_LABELS[status]).toMatch(/^[А-ЯЁ]/)
    }
  })

  it(
    'uses the wording of the acts: «Результатом предоставления информации является: предоставление заявителю информации…» ' +
      '(Порядок 2.2), «уведомлением … с указанием оснований отказа в предоставлении информации» (3.1.2)',
    () => {
      expect(applicantStatusText('received')).toBe('Заявление получено')
      expect(applicantStatusText('in_review')).toBe('Заявление принято к рассмотрению')
      expect(applicantStatusText('correction_requested')).toBe('Заявление требует исправления')
      expect(applicantStatusText('delivered')).toBe('Информация предоставлена')
      expect(applicantStatusText('completed')).toBe('Информация предоставлена')
      expect(applicantStatusText('active')).toBe('Информация предоставляется (периодически)')
      expect(applicantStatusText('refused')).toBe('Отказано в предоставлении информации')
      expect(applicantStatusText('closed')).toBe('Отказано в предоставлении информации')
      for (const status of APPLICATION_STATUSES) expect(applicantStatusText(status)).not.toMatch(/услуг/i)
      expect(applicantStatusText('acceptance_refused')).toBe('Отказано в приёме документов')
      expect(applicantStatusText('withdrawn')).toBe('Заявление отменено')
    },
  )

  it('adds the registration number and date, on the school’s calendar day', () => {
    expect(applicantStatusText('registered')).toBe('Заявление зарегистрировано')
    expect(applicantStatusText('registered', { registrationNumber: 15, registeredAt: '2026-05-12' })).toBe(
      'Заявление зарегистрировано № 15 от 12.05.2026',
    )
    // 21:30 UTC on 11 May is 01:30 on 12 May in Saratov (UTC+4).
    expect(applicantStatusText('registered', { registrationNumber: 15, registeredAt: new Date('2026-05-11T21:30:00Z') })).toBe(
      'Заявление зарегистрировано № 15 от 12.05.2026',
    )
    expect(
      applicantStatusText('registered', { registrationNumber: 15, registeredAt: '2026-05-11T21:30:00.000Z', timeZone: 'Europe/Moscow' }),
    ).toBe('Заявление зарегистрировано № 15 от 12.05.2026')
    expect(applicantStatusText('registered', { registrationNumber: 7 })).toBe('Заявление зарегистрировано № 7')
    expect(applicantStatusText('granted', { registrationNumber: 7 })).toBe('Принято решение о предоставлении информации')
  })

  it('tells final from open', () => {
    expect([...FINAL_STATUSES].sort()).toEqual(['acceptance_refused', 'closed', 'completed', 'delivered', 'withdrawn'])
    for (const status of APPLICATION_STATUSES) expect(isOpen(status)).toBe(!isFinal(status))
    expect(isOpen('refused')).toBe(true) // the refusal notice still has to be delivered
    expect(isOpen('active')).toBe(true)
    expect(isApplicationStatus('archived')).toBe(false)
    expect(isOpen('archived' as never)).toBe(false)
  })
})
