// Положение 6.5: «…журналов успеваемости обучающихся на электронных и бумажных носителях 5 лет; изъятых из журналов
// успеваемости обучающихся сводных ведомостей успеваемости (на бумажном носителе) 75 лет» — the journal's periods,
// not the applications'. The retention page says which period applies to applications and where it comes from.
import { describe, expect, it } from 'vitest'
import { retentionStatement } from './retention-statement'

describe('the retention statement (Положение 6.5)', () => {
  it('names the journal’s periods, says they are not the applications’, and cites where the applications’ period comes from', () => {
    const text = retentionStatement('01.09.2021')
    expect(text).toContain(
      'Положение, п. 6.5 устанавливает срок хранения журналов успеваемости (5 лет) и сводных ведомостей (75 лет), но не заявлений',
    )
    expect(text).toContain('номенклатуры дел школы')
    expect(text).toContain('приказом Росархива от 20.12.2019 № 236')
    expect(text).toContain('152-ФЗ, ст. 5 ч. 7')
    expect(text).toContain('завершённые раньше 01.09.2021')
    // The year-end archive of the ведомости (Регламент; ADR 099) is not the purge's.
    expect(text).toContain('Сводные ведомости классов за учебный год, переданные в архив (Отчёты → Сводная ведомость), хранятся 75 лет')
  })
})
