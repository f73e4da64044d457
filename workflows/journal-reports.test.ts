import { describe, expect, it } from 'vitest'
import { classSummary, subjectSummaries, type PupilFinals } from './journal-reports'

const pupils: PupilFinals[] = [
  { pupil: 'Агафонов Никита', marks: { Математика: '5', 'Русский язык': '5', 'Физическая культура': 'зачёт' } },
  { pupil: 'Белова Дарья', marks: { Математика: '4', 'Русский язык': '5' } },
  { pupil: 'Волков Максим', marks: { Математика: '2', 'Русский язык': '3' } },
  { pupil: 'Гусева Анна', marks: {} },
]

describe('сводная ведомость', () => {
  it('counts the marks of each subject, успеваемость and качество', () => {
    const [math, pe] = subjectSummaries(['Математика', 'Физическая культура'], pupils)
    expect(math).toEqual({
      subject: 'Математика',
      five: 1,
      four: 1,
      three: 0,
      two: 1,
      credit: 0,
      noCredit: 0,
      none: 1,
      progress: '67 %',
      quality: '67 %',
    })
    expect(pe).toMatchObject({ credit: 1, none: 3, progress: '100 %', quality: '—' })
  })

  it('names the отличники, хорошисты and неуспевающие; a pupil without marks is none of them', () => {
    expect(classSummary(pupils)).toEqual({ excellent: ['Агафонов Никита'], good: ['Белова Дарья'], failing: ['Волков Максим'] })
  })
})
