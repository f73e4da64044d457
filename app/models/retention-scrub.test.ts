// The purge's reading of the snapshot and the events' data (ADR 011, 077): the same anonymisation as ever for the
// shapes the machine writes; anything else neither stops it nor survives it, and is named.
import { describe, expect, it } from 'vitest'
import { startApplication, type PersistedApplication } from '#workflows/application.machine'
import { ANONYMISED, scrubEventData, scrubSnapshot } from './retention-scrub'

/** A snapshot the machine wrote, with every free-text field the purge clears filled in. */
function machineSnapshot(): PersistedApplication {
  const { snapshot } = startApplication({ applicationId: 'app_1', periodicity: 'once', channel: 'post', kinds: ['marks'] })
  return {
    ...snapshot,
    value: 'withdrawn',
    context: {
      ...snapshot.context,
      registrationNumber: 17,
      registeredAt: '2026-10-05T08:00:00.000Z',
      corrections: [
        { items: ['паспорт Ивановой М. П.'], requestedAt: '2026-10-05T09:00:00.000Z', submittedAt: null, note: 'позвонить Ивановой' },
      ],
      proposal: { value: 'grant', comment: 'Иванова — мать, проверено', grounds: [], by: 'Петрова' },
      directorComment: 'Согласовано с Ивановой',
      withdrawal: { by: 'Иванова Мария Петровна', at: '2026-10-06T10:00:00.000Z', reason: 'переезд в Энгельс' },
    },
  }
}

describe('the purge’s snapshot reader', () => {
  it('clears the comments, the corrections, the director’s words and the withdrawal reason, and keeps the rest', () => {
    const before = machineSnapshot()
    const scrubbed = scrubSnapshot(JSON.stringify(before))
    expect(scrubbed.unexpected).toEqual([])
    expect(JSON.parse(scrubbed.json)).toEqual({
      ...before,
      context: {
        ...before.context,
        corrections: [{ items: [], requestedAt: '2026-10-05T09:00:00.000Z', submittedAt: null, note: null }],
        proposal: { value: 'grant', comment: ANONYMISED, grounds: [], by: 'Петрова' },
        directorComment: ANONYMISED,
        withdrawal: { by: 'Иванова Мария Петровна', at: '2026-10-06T10:00:00.000Z', reason: null },
      },
    })
  })

  it('leaves a snapshot with nothing to clear as it was, keys unknown to it included', () => {
    const { snapshot } = startApplication({ applicationId: 'app_2', periodicity: 'weekly', channel: 'online', kinds: ['timetable'] })
    const withExtra = { ...snapshot, context: { ...snapshot.context, futureField: { a: 1 } }, extra: 'x' }
    const scrubbed = scrubSnapshot(JSON.stringify(withExtra))
    expect(scrubbed).toEqual({ json: expect.any(String), unexpected: [] })
    expect(JSON.parse(scrubbed.json)).toEqual(withExtra)
  })

  it('drops a cleared field of an unexpected shape instead of keeping it, and names it', () => {
    const before = machineSnapshot()
    const odd = {
      ...before,
      context: {
        ...before.context,
        proposal: 'Иванова просила не звонить',
        corrections: ['паспорт Ивановой'],
        directorComment: { text: 'Иванова' },
        withdrawal: ['Иванова', 'переезд'],
      },
    }
    const scrubbed = scrubSnapshot(JSON.stringify(odd))
    expect(scrubbed.json).not.toContain('Иванова')
    expect(scrubbed.unexpected.sort()).toEqual(['context.corrections', 'context.directorComment', 'context.proposal', 'context.withdrawal'])
    expect(JSON.parse(scrubbed.json)).toEqual({
      ...before,
      context: { ...before.context, proposal: null, corrections: [], directorComment: null, withdrawal: null },
    })
  })

  it('keeps nothing of a snapshot that is not a JSON object, or of a context that is not an object', () => {
    for (const json of ['не JSON: Иванова', 'null', '["Иванова"]', '"Иванова"']) {
      expect(scrubSnapshot(json)).toEqual({ json: '{}', unexpected: ['snapshot'] })
    }
    const scrubbed = scrubSnapshot(JSON.stringify({ status: 'done', value: 'closed', context: 'Иванова' }))
    expect(scrubbed).toEqual({ json: JSON.stringify({ status: 'done', value: 'closed' }), unexpected: ['context'] })
  })
})

describe('the purge’s event data reader', () => {
  it('anonymises the free-text keys of an event and keeps the others', () => {
    const json = JSON.stringify({ comment: 'Иванова', reason: 'переезд', grounds: ['п. 2.9'], outcome: 'grant' })
    expect(JSON.parse(scrubEventData(json))).toEqual({ comment: ANONYMISED, reason: ANONYMISED, grounds: ['п. 2.9'], outcome: 'grant' })
    expect(scrubEventData('{}')).toBe('{}')
  })

  it('keeps nothing of data that is not a JSON object', () => {
    for (const json of ['не JSON', 'null', '["Иванова"]', '42']) expect(scrubEventData(json)).toBe('{}')
  })
})
