// What the purge keeps of an expired application's JSON columns (ADR 011, ADR 077): the machine snapshot and the
// events' data, read through zod schemas that describe only what the purge clears and pass every other key through
// untouched. The purge's contract is to anonymise, in one transaction, every application the administrator confirmed:
// a value of a shape the purge does not expect does not stop it (one odd row must not keep every other family's data
// past its period) and is not kept either (the purge cannot tell what it holds) — it is dropped and named in the
// purge's audit record.
import { z } from '#workflows/zod'

export const ANONYMISED = '(обезличено)'

/** The events' free-text fields (the actors and times are columns of their own). */
const SCRUBBED_EVENT_KEYS = ['comment', 'items', 'note', 'reason', 'recipient']

const EventData = z.record(z.string(), z.unknown())

/** An event's data with its free-text fields anonymised; data that is not a JSON object is not kept. */
export function scrubEventData(json: string, keys: string[] = SCRUBBED_EVENT_KEYS): string {
  const parsed = EventData.safeParse(parseOrUndefined(json))
  if (!parsed.success) return '{}'
  const value = parsed.data
  for (const key of keys) if (key in value) value[key] = ANONYMISED
  return JSON.stringify(value)
}

/**
 * The snapshot's context as the purge reads it: the fields it clears, each with what to keep when it holds
 * something unexpected (nothing), noted in `unexpected` by its path.
 */
function contextSchema(unexpected: string[]) {
  const dropped =
    <T>(field: string, instead: T) =>
    () => {
      unexpected.push(`context.${field}`)
      return instead
    }
  return z.looseObject({
    corrections: z.array(z.looseObject({})).optional().catch(dropped('corrections', [])),
    proposal: z.looseObject({}).nullable().optional().catch(dropped('proposal', null)),
    directorComment: z.string().nullable().optional().catch(dropped('directorComment', null)),
    withdrawal: z.looseObject({}).nullable().optional().catch(dropped('withdrawal', null)),
  })
}

function snapshotSchema(unexpected: string[]) {
  return z.looseObject({
    context: contextSchema(unexpected)
      .optional()
      .catch(() => {
        unexpected.push('context')
        return undefined
      }),
  })
}

type ScrubbedSnapshot = {
  json: string
  /** Paths of the values of an unexpected shape that were dropped; 'snapshot' when the whole was not a JSON object. */
  unexpected: string[]
}

/** The machine snapshot keeps free-text comments; the state and dates stay. */
export function scrubSnapshot(json: string): ScrubbedSnapshot {
  const unexpected: string[] = []
  const parsed = snapshotSchema(unexpected).safeParse(parseOrUndefined(json))
  if (!parsed.success) return { json: '{}', unexpected: ['snapshot'] }
  const snap = parsed.data
  const c = snap.context
  if (c) {
    if (c.corrections) c.corrections = c.corrections.map((x) => ({ ...x, items: [], note: null }))
    if (c.proposal) c.proposal = { ...c.proposal, comment: ANONYMISED }
    if (c.directorComment) c.directorComment = ANONYMISED
    if (c.withdrawal) c.withdrawal = { ...c.withdrawal, reason: null }
  }
  return { json: JSON.stringify(snap), unexpected }
}

function parseOrUndefined(json: string): unknown {
  try {
    return JSON.parse(json)
  } catch {
    return undefined
  }
}
