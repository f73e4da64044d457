// Порядок 2.7: «паспорт (оригинал представляется для просмотра при личном обращении, копия - при обращении с помощью
// почтовой связи)»; Порядок 3.2: «с помощью электронной почты заявитель заполняет форму заявления с указанием вида и
// реквизитов документов … При направлении заявления с помощью почтовой связи заявитель заполняет форму заявления с
// приложением копий документов»; the form: «вид и реквизиты документа, удостоверяющего личность».
import { describe, expect, it } from 'vitest'
import { identityDocumentGaps, identityIntakeProposal } from './identity-document'

const PASSPORT = 'паспорт гражданина Российской Федерации 6310 123456, выдан ГУ МВД России по Саратовской области 01.02.2015'

describe('identity document (Порядок 2.7, 3.2)', () => {
  it('asks the details on every channel', () => {
    for (const channel of ['in_person', 'post', 'email', 'online']) {
      expect(identityDocumentGaps({ channel, details: '', copy: true })).toContain('details')
      expect(identityDocumentGaps({ channel, details: 'есть', copy: true })).toContain('details')
      expect(identityDocumentGaps({ channel, details: PASSPORT, copy: true })).toEqual([])
    }
  })

  it('asks a copy by post only: an e-mailed application gives the kind and details (Порядок 2.7, 3.2)', () => {
    expect(identityDocumentGaps({ channel: 'post', details: PASSPORT, copy: false })).toEqual(['copy'])
    expect(identityDocumentGaps({ channel: 'in_person', details: PASSPORT, copy: false })).toEqual([])
    expect(identityDocumentGaps({ channel: 'post', details: '', copy: false })).toEqual(['details', 'copy'])
    // 3.2: «с помощью электронной почты заявитель заполняет форму заявления с указанием вида и реквизитов документов»;
    // 2.7 asks the copy «при обращении с помощью почтовой связи» only.
    expect(identityDocumentGaps({ channel: 'email', details: PASSPORT, copy: false })).toEqual([])
    expect(identityDocumentGaps({ channel: 'email', details: '', copy: false })).toEqual(['details'])
  })

  it('proposes a correction or the refusal to accept with its ground, never a silent registration', () => {
    const text = identityIntakeProposal(['details', 'copy'])
    expect(text).toContain('Не приложена копия документа, удостоверяющего личность заявителя (Порядок, п. 2.7, 3.2)')
    expect(text).toContain('отказ в приёме документов по основанию «Не представлен документ, удостоверяющий личность заявителя»')
    expect(text).toContain('запросите у заявителя недостающее')
  })
})
