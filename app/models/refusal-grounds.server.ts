// The lists of refusal grounds staff choose from (the free text is always there too). The school may edit them
// (/staff/settings/grounds); they are kept in Setting as JSON arrays, with the defaults below until then.
import { deleteSetting, readJsonSetting, writeSetting } from './settings.server'
import { recordAudit } from './audit.server'
import { cleanLine } from '#app/utils/text'
import { z } from '#workflows/zod'

export type GroundsKind = 'acceptance' | 'information'

/**
 * The defaults are the grounds the acts support, each naming its clause (issue 15). Порядок 3.1.1 speaks of
 * «основания для отказа в приёме документов» without listing them; what it requires to be handed in is 2.7 (the
 * form, the passport — original in person, copy by post — and the status document), with 3.2 for post and e-mail
 * (the identity document's kind and details in the form, copies by post), and 1.2 names who may apply.
 */
export const DEFAULT_ACCEPTANCE_GROUNDS = [
  'В заявлении не указаны сведения, предусмотренные формой заявления (приложение к Порядку; Порядок, п. 2.7)',
  'Не представлен документ, удостоверяющий личность заявителя: при личном обращении — оригинал, при обращении по ' +
    'почте — копия, в заявлении по электронной почте — вид и реквизиты документа (Порядок, п. 2.7, 3.2)',
  'Не представлен документ, подтверждающий статус заявителя как законного представителя обучающегося (Порядок, п. 2.7)',
  'Заявитель не является родителем (законным представителем) обучающегося (Порядок, п. 1.2)',
] as const

/** Порядок 3.1.2: grounds to refuse to provide the information (a written notice signed by the director). */
export const DEFAULT_INFORMATION_GROUNDS = [
  'Запрашиваемая информация отсутствует в электронном дневнике и электронном журнале успеваемости (Порядок, п. 3.1.2)',
  'Запрашиваемая информация не относится к видам информации, предусмотренным Порядком (п. 3.1.2, приложение к Порядку)',
  'Заявитель не является родителем (законным представителем) обучающегося (Порядок, п. 1.2)',
] as const

/** What staff see beside a ground the school added itself: the acts do not name it. */
export const SCHOOL_GROUND_MARK = 'основание, установленное школой'

/** 'act' for a ground of the defaults (it cites its clause), 'school' for one the school added. */
function groundOrigin(ground: string): 'act' | 'school' {
  const all: readonly string[] = [...DEFAULT_ACCEPTANCE_GROUNDS, ...DEFAULT_INFORMATION_GROUNDS]
  return all.includes(ground.trim()) ? 'act' : 'school'
}

const DEFAULTS: Record<GroundsKind, readonly string[]> = {
  acceptance: DEFAULT_ACCEPTANCE_GROUNDS,
  information: DEFAULT_INFORMATION_GROUNDS,
}

const GROUNDS_SETTING_KEYS: Record<GroundsKind, string> = {
  acceptance: 'grounds.acceptance',
  information: 'grounds.information',
}

export const MAX_GROUNDS = 20
export const MAX_GROUND_LENGTH = 400

/** Trims, drops blanks and repeats; the list order is kept. */
export function cleanGrounds(lines: readonly string[]): string[] {
  return [...new Set(lines.map((l) => cleanLine(l).trim().replace(/\s+/g, ' ')).filter(Boolean))]
}

/** A stored list that is unreadable or empty falls back to the defaults rather than leaving staff without grounds. */
export async function getRefusalGrounds(schoolId: string, kind: GroundsKind): Promise<string[]> {
  const list = await readJsonSetting(schoolId, GROUNDS_SETTING_KEYS[kind], z.array(z.string()).min(1))
  if (list) return cleanGrounds(list)
  return [...DEFAULTS[kind]]
}

export async function getAllRefusalGrounds(schoolId: string) {
  const [acceptance, information] = await Promise.all([
    getRefusalGrounds(schoolId, 'acceptance'),
    getRefusalGrounds(schoolId, 'information'),
  ])
  return { acceptance, information }
}

/** The lists with each ground's origin, for the settings page. */
export async function getRefusalGroundsWithOrigin(schoolId: string) {
  const lists = await getAllRefusalGrounds(schoolId)
  const mark = (list: string[]) => list.map((text) => ({ text, origin: groundOrigin(text) }))
  return { acceptance: mark(lists.acceptance), information: mark(lists.information) }
}

export async function saveRefusalGrounds(kind: GroundsKind, lines: readonly string[], user: { id: string; schoolId: string }) {
  const list = cleanGrounds(lines)
  const key = GROUNDS_SETTING_KEYS[kind]
  await writeSetting(user.schoolId, key, JSON.stringify(list))
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'update:refusal-grounds',
    entity: 'Setting',
    entityId: key,
    data: { count: list.length },
  })
  return list
}

export async function resetRefusalGrounds(kind: GroundsKind, user: { id: string; schoolId: string }) {
  await deleteSetting(user.schoolId, GROUNDS_SETTING_KEYS[kind])
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'reset:refusal-grounds',
    entity: 'Setting',
    entityId: GROUNDS_SETTING_KEYS[kind],
  })
  return [...DEFAULTS[kind]]
}
