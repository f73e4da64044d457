// The lists of refusal grounds staff choose from (the free text is always there too). The school may edit them
// (/staff/settings/grounds); they are kept in Setting as JSON arrays, with the defaults below until then.
import { deleteSetting, readJsonSetting, writeSetting } from './settings.server'
import { recordAudit } from './audit.server'
import { cleanLine } from '#app/utils/text'

export type GroundsKind = 'acceptance' | 'information'

/** Порядок 2.7 and 3.1.1: grounds to refuse to accept the documents (told orally or, on request, in writing). */
export const DEFAULT_ACCEPTANCE_GROUNDS = [
  'В заявлении не указаны обязательные сведения (фамилия, имя, отчество заявителя и обучающегося, класс, вид запрашиваемой информации, способ её получения)',
  'Не представлен документ, подтверждающий статус заявителя как законного представителя обучающегося (Порядок, п. 2.7)',
  'Представленные документы не поддаются прочтению',
  'Заявитель не является родителем (законным представителем) обучающегося (Порядок, п. 1.2)',
] as const

/** Порядок 3.1.2: grounds to refuse to provide the information (a written notice signed by the director). */
export const DEFAULT_INFORMATION_GROUNDS = [
  'Запрашиваемая информация отсутствует в электронном дневнике и электронном журнале успеваемости (Порядок, п. 3.1.2)',
  'Запрашиваемая информация не относится к видам информации, предусмотренным Порядком (п. 2.7 и приложение к Порядку)',
  'Заявитель не является родителем (законным представителем) обучающегося (Порядок, п. 1.2)',
] as const

const DEFAULTS: Record<GroundsKind, readonly string[]> = {
  acceptance: DEFAULT_ACCEPTANCE_GROUNDS,
  information: DEFAULT_INFORMATION_GROUNDS,
}

export const GROUNDS_SETTING_KEYS: Record<GroundsKind, string> = {
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
  const list = await readJsonSetting<unknown>(schoolId, GROUNDS_SETTING_KEYS[kind])
  if (Array.isArray(list) && list.every((x) => typeof x === 'string') && list.length > 0) return cleanGrounds(list)
  return [...DEFAULTS[kind]]
}

export async function getAllRefusalGrounds(schoolId: string) {
  const [acceptance, information] = await Promise.all([getRefusalGrounds(schoolId, 'acceptance'), getRefusalGrounds(schoolId, 'information')])
  return { acceptance, information }
}

export async function saveRefusalGrounds(kind: GroundsKind, lines: readonly string[], user: { id: string; schoolId: string }) {
  const list = cleanGrounds(lines)
  const key = GROUNDS_SETTING_KEYS[kind]
  await writeSetting(user.schoolId, key, JSON.stringify(list))
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'update:refusal-grounds', entity: 'Setting', entityId: key, data: { count: list.length } })
  return list
}

export async function resetRefusalGrounds(kind: GroundsKind, user: { id: string; schoolId: string }) {
  await deleteSetting(user.schoolId, GROUNDS_SETTING_KEYS[kind])
  await recordAudit({ schoolId: user.schoolId, userId: user.id, action: 'reset:refusal-grounds', entity: 'Setting', entityId: GROUNDS_SETTING_KEYS[kind] })
  return [...DEFAULTS[kind]]
}
