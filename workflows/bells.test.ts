import { describe, expect, it } from 'vitest'
import { bellsForShift, clearShiftProblem, lessonTime, normaliseTime, parseBellForm, parseSecondShift } from './bells'

describe('the bell schedule (расписание звонков)', () => {
  it('reads times as ЧЧ:ММ, with a dot or a single-digit hour', () => {
    expect(normaliseTime('8:30')).toBe('08:30')
    expect(normaliseTime(' 08.30 ')).toBe('08:30')
    expect(normaliseTime('14:05')).toBe('14:05')
    for (const bad of ['24:00', '8:60', '830', 'восемь', '']) expect(normaliseTime(bad)).toBeNull()
  })

  it('takes the filled rows in order and gives «08:30–09:15» for a lesson', () => {
    const parsed = parseBellForm({ start1: '8:30', end1: '9:15', start2: '09:25', end2: '10:10', start3: '', end3: '' })
    expect(parsed).toEqual({
      ok: true,
      bells: [
        { period: 1, startsAt: '08:30', endsAt: '09:15' },
        { period: 2, startsAt: '09:25', endsAt: '10:10' },
      ],
    })
    if (!parsed.ok) return
    expect(lessonTime(parsed.bells, 2)).toBe('09:25–10:10')
    expect(lessonTime(parsed.bells, 7)).toBe('')
    expect(parseBellForm({})).toEqual({ ok: true, bells: [] })
  })

  it('refuses half-filled rows, bad times, gaps, reversed and overlapping lessons in Russian', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ start1: '08:30', end1: '' }, '1 урок: укажите и начало, и конец (или оставьте оба поля пустыми)'],
      [{ start1: '08:30', end1: '9 15' }, '1 урок: время пишется как ЧЧ:ММ, например 08:30'],
      [{ start1: '08:30', end1: '09:15', start3: '10:30', end3: '11:15' }, 'Не заполнен 2 урок: уроки нумеруются подряд'],
      [{ start1: '09:15', end1: '08:30' }, '1 урок: конец (08:30) должен быть позже начала (09:15)'],
      [
        { start1: '08:30', end1: '09:15', start2: '09:10', end2: '09:55' },
        '2 урок начинается (09:10) раньше, чем кончается 1 урок (09:15)',
      ],
    ]
    for (const [form, message] of cases) expect(parseBellForm(form), JSON.stringify(form)).toEqual({ ok: false, message })
  })

  it('gives a class the bells of its shift, or the first shift’s when its own is not set', () => {
    const bells = [
      { shift: 1, period: 1, startsAt: '08:30', endsAt: '09:15' },
      { shift: 2, period: 1, startsAt: '13:30', endsAt: '14:15' },
    ]
    expect(bellsForShift(bells, 2).map((b) => b.startsAt)).toEqual(['13:30'])
    expect(bellsForShift(bells.slice(0, 1), 2).map((b) => b.startsAt)).toEqual(['08:30'])
    expect(bellsForShift([], 1)).toEqual([])
  })

  it('reads the classes of the second shift from «2А, 2б; 3А», refusing an unknown class', () => {
    const classes = ['1А', '2А', '2Б', '3А', '10А']
    expect(parseSecondShift('2А, 2б; 3А 2А', classes)).toEqual({ ok: true, names: ['2А', '2Б', '3А'] })
    expect(parseSecondShift('  ', classes)).toEqual({ ok: true, names: [] })
    expect(parseSecondShift('2А, 7В', classes)).toEqual({ ok: false, message: 'Класс «7В» не найден в текущем учебном году' })
  })

  it('asks before a shift with bells is emptied, and only then', () => {
    expect(clearShiftProblem(1, 7, 0, false)).toMatch(/^Все поля пусты: первая смена останется без расписания звонков \(сейчас уроков: 7\)/)
    expect(clearShiftProblem(1, 7, 0, true)).toBeNull()
    expect(clearShiftProblem(2, 0, 0, false)).toBeNull()
    expect(clearShiftProblem(1, 7, 3, false)).toBeNull()
  })
})
