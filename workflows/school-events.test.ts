import { describe, expect, it } from 'vitest'
import { EventForm } from './school-events'

describe('the event form reads its date as the import does (readTypedDay, ADR 107)', () => {
  const read = (date: string) => {
    const r = EventForm.safeParse({ intent: 'save', id: '', date, time: '', title: 'Собрание', place: '' })
    return r.success && r.data.intent === 'save' ? r.data.date : r.error?.issues[0].message
  }
  it('takes «25.12.2026», «25/12/2026», «25.12.26», «25 декабря 2026 г.» and the browser’s «2026-12-25»', () => {
    for (const typed of ['25.12.2026', '25/12/2026', '25-12-2026', '25.12.26', '25 декабря 2026 г.', '2026-12-25', '25.12.2026\u00a0'])
      expect(read(typed), typed).toBe('2026-12-25')
  })
  it('refuses what is not a day, in Russian', () => {
    expect(read('12/25/2026')).toBe('Неверная дата «12/25/2026»: ожидается ДД.ММ.ГГГГ, например 25.12.2026')
    expect(read('31.02.2026')).toBe('Неверная дата «31.02.2026»: ожидается ДД.ММ.ГГГГ, например 25.12.2026')
  })
})
