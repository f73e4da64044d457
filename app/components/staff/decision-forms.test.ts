import { describe, expect, it } from 'vitest'
import { proposalComment } from './decision-forms'

describe('the director’s decision form', () => {
  const summary = 'Предварительная проверка: оснований для отказа не выявлено.'

  it('does not repeat the pre-check summary the forward form was pre-filled with', () => {
    expect(proposalComment(summary, summary)).toBeNull()
    expect(proposalComment(`  ${summary}\n`, summary)).toBeNull()
    expect(proposalComment('', summary)).toBeNull()
  })

  it('keeps the responsible employee’s own words', () => {
    expect(proposalComment('Документы в порядке, мать подтвердила по телефону', summary)).toBe(
      'Документы в порядке, мать подтвердила по телефону',
    )
    expect(proposalComment(summary, null)).toBe(summary)
  })
})
