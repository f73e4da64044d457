// Порядок 3.1.2: before proposing a decision the responsible employee checks that the applicant is the pupil's
// legal representative and that the requested information is of a kind the Порядок provides and is present in
// the journal. The result is a proposal only: the director decides.
import { db } from '#app/utils/db.server'
import { getJournalInformation, isKind, KIND_LABELS, type Kind } from '#app/models/journal/index.server'
import { DEFAULT_INFORMATION_GROUNDS, getRefusalGrounds } from './refusal-grounds.server'

export type PrecheckItem = { label: string; ok: boolean; detail: string }
/** 'partial': grant the kinds the journal holds, refuse `refusedKinds` with `grounds` (Порядок 3.1.2). */
export type Precheck = { proposal: 'grant' | 'refuse' | 'partial'; grounds: string[]; refusedKinds: Kind[]; items: PrecheckItem[]; summary: string }

const norm = (s: string) => s.trim().toLowerCase().replaceAll('ё', 'е')

/** The school may reword its grounds: find ours by meaning, else use the default wording. */
const pick = (list: string[], re: RegExp, fallback: string) => list.find((g) => re.test(g)) ?? fallback

type Applicant = { applicantLastName: string; applicantFirstName: string; applicantMiddleName: string }

/** Finds the applicant among the pupil's guardians by full name (a missing middle name on either side matches). */
async function guardianCheck(pupilId: string | null, app: Applicant): Promise<PrecheckItem & { notGuardian: boolean }> {
  const label = 'Заявитель — законный представитель обучающегося'
  if (!pupilId) return { label, ok: false, notGuardian: false, detail: 'Обучающийся не найден в журнале по фамилии, имени и классу: проверьте сведения заявления.' }
  const links = await db.guardianLink.findMany({ where: { pupilId }, include: { guardian: true } })
  const match = links.find(({ guardian: g }) =>
    norm(g.lastName) === norm(app.applicantLastName) && norm(g.firstName) === norm(app.applicantFirstName) &&
    (!g.middleName || !app.applicantMiddleName || norm(g.middleName) === norm(app.applicantMiddleName)))
  if (!match) return { label, ok: false, notGuardian: true, detail: 'Заявителя нет среди родителей (законных представителей) обучающегося в журнале.' }
  if (!match.statusConfirmed) {
    return { label, ok: false, notGuardian: false, detail: `Связь «${match.relationship}» есть в журнале, но статус законного представителя не подтверждён документом.` }
  }
  return { label, ok: true, notGuardian: false, detail: `${match.relationship}; статус подтверждён: ${match.confirmedBy || 'документ предъявлен'}.` }
}

export async function reviewPrecheck(schoolId: string, applicationId: string): Promise<Precheck | null> {
  const app = await db.application.findFirst({ where: { id: applicationId, schoolId } })
  if (!app) return null
  const info = await getRefusalGrounds(schoolId, 'information')
  const absent = pick(info, /отсутств/i, DEFAULT_INFORMATION_GROUNDS[0])
  const notProvided = pick(info, /не относится|не предусмотрен/i, DEFAULT_INFORMATION_GROUNDS[1])
  const notGuardian = pick(info, /не является/i, DEFAULT_INFORMATION_GROUNDS[2])
  const items: PrecheckItem[] = []
  const proposed: string[] = []

  const guardian = await guardianCheck(app.pupilId, app)
  items.push(guardian)
  if (guardian.notGuardian) proposed.push(notGuardian)

  const requested = (JSON.parse(app.kinds) as string[])
  const unknown = requested.filter((k) => !isKind(k))
  if (unknown.length) {
    items.push({ label: 'Виды информации предусмотрены Порядком', ok: false, detail: `Не предусмотрены: ${unknown.join(', ')}` })
    proposed.push(notProvided)
  }
  const kinds = requested.filter(isKind) as Kind[]
  let availableCount = 0
  const missing: Kind[] = []
  const journal = app.pupilId && kinds.length ? await getJournalInformation(schoolId, app.pupilId, kinds, 'current') : null
  const reasons: string[] = []
  for (const kind of kinds) {
    const result = journal?.kinds[kind]
    const label = `Сведения ${KIND_LABELS[kind]}`
    if (!journal) items.push({ label, ok: false, detail: 'Сведения не проверены: обучающийся не найден в журнале.' })
    else if (result?.available) {
      availableCount++
      items.push({ label, ok: true, detail: `Есть в журнале (${journal.range.label}): записей — ${result.rows.length}.` })
    } else if (result) {
      missing.push(kind)
      reasons.push(result.reason)
      items.push({ label, ok: false, detail: result.reason })
    }
  }
  // Порядок 3.1.2: information absent from the journal is refused by a signed notice. None present: refusal;
  // some present: grant those and refuse the rest in the same decision (a partial decision).
  if (journal && kinds.length && availableCount === 0) proposed.push(`${absent}: ${reasons.join(' ')}`.trim())
  if (proposed.length === 0 && journal && availableCount > 0 && missing.length > 0) {
    const summary = `Предварительная проверка: предлагается предоставить информацию, которая есть в журнале, и отказать в остальной ` +
      `(${missing.map((k) => KIND_LABELS[k]).join('; ')}): ${absent}. ${reasons.join(' ')}`.trim()
    return { proposal: 'partial', grounds: [absent], refusedKinds: missing, items, summary }
  }

  const proposal = proposed.length ? 'refuse' : items.every((i) => i.ok) || availableCount > 0 ? 'grant' : 'refuse'
  const summary = proposal === 'grant'
    ? `Предварительная проверка: оснований для отказа не выявлено${items.some((i) => !i.ok) ? ' (есть замечания — см. проверку)' : ''}.`
    : `Предварительная проверка: предлагается отказать. ${proposed.join(' ')}`.trim()
  return { proposal, grounds: proposed, refusedKinds: [], items, summary }
}
