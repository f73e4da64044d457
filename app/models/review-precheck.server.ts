// Порядок 3.1.2: before proposing a decision the responsible employee checks that the applicant is the pupil's
// legal representative and that the requested information is of a kind the Порядок provides and is present in
// the journal. The result is a proposal only: the director decides.
import type { Application } from '#app/generated/prisma/client'
import { db } from '#app/utils/db.server'
import { getJournalInformation, isKind, KIND_LABELS, type Kind } from '#app/models/journal/index.server'
import { isConfirmedLink, replyContactCheck, type DeliveryChannel } from '#workflows/guardian-status'
import { applicantCredentialsCheck, applicantLink } from './guardian-status.server'
import { DEFAULT_INFORMATION_GROUNDS, getRefusalGrounds } from './refusal-grounds.server'
import { IDENTITY_CORRECTIONS, IDENTITY_MESSAGES, identityDocumentGaps } from '#workflows/identity-document'
import { APPLICANT_ROLE_LABELS, needsStatusDocument, type ApplicantRole } from '#app/operations/application-schema'
import { parseKinds } from './json-columns'

/** `check`: «проверить» — a file that may hold the document, neither passed nor failed: the employee opens it (`ok` is false). */
type PrecheckItem = { label: string; ok: boolean; detail: string; check?: true }
/**
 * `correction`: what to ask the applicant for (Порядок 1.2, 2.7) before access credentials can be given;
 * `partial`: grant the kinds the journal holds, refuse `refusedKinds` with `grounds` (Порядок 3.1.2).
 */
export type Precheck = {
  proposal: 'grant' | 'refuse' | 'partial' | 'correction'
  grounds: string[]
  refusedKinds: Kind[]
  correction: string[]
  items: PrecheckItem[]
  summary: string
  /**
   * What puts in doubt that the answer reaches the child's legal representative (152-ФЗ, Порядок 1.2): the applicant
   * is not proven one, or the answer's address differs from the one the journal has. The director may still grant,
   * but only saying why (ADR 089); empty when nothing does.
   */
  concerns: string[]
  /** Whether the journal links the applicant to the pupil now: a periodic answer granted over a doubt keeps it (ADR 091). */
  applicantLinked: boolean
  /**
   * Why access credentials cannot go to this applicant (Порядок 1.2, 2.7, 3.3), when they are asked for and cannot;
   * null otherwise. A grant that includes them is not taken (decideApplication).
   */
  credentialsRefusal: string | null
}

/** A status-document request as the employee may word it (the pre-check's own wording included). */
const STATUS_REQUEST = /подтвержда\S* статус/i

/**
 * The files sent in answer to a correction request that asked for the status document's copy: each correction file
 * answers the latest request made before it. A file answering a request for something else (the passport copy) is not
 * taken for the status copy.
 */
async function correctionFilesForStatus<F extends { kind: string; createdAt: Date }>(applicationId: string, uploads: F[]) {
  const files = uploads.filter((u) => u.kind === 'correction')
  if (files.length === 0) return []
  const requests = await db.applicationEvent.findMany({
    where: { applicationId, event: 'REQUEST_CORRECTION', invalid: false },
    select: { at: true, data: true },
    orderBy: { at: 'asc' },
  })
  return files.filter((f) => {
    const answered = requests.filter((r) => r.at <= f.createdAt).at(-1)
    if (!answered) return false
    const items = (JSON.parse(answered.data) as { items?: unknown }).items
    return Array.isArray(items) && items.some((i) => typeof i === 'string' && STATUS_REQUEST.test(i))
  })
}

/** The school may reword its grounds: find ours by meaning, else use the default wording. */
const pick = (list: string[], re: RegExp, fallback: string) => list.find((g) => re.test(g)) ?? fallback

type Link = Awaited<ReturnType<typeof applicantLink>>

/** Порядок 1.2, 2.7: the applicant among the pupil's guardians, and whether a document confirmed the status. */
function guardianCheck(pupilId: string | null, match: Link, role: string): PrecheckItem & { notGuardian: boolean } {
  const label = 'Заявитель — законный представитель обучающегося'
  if (!pupilId)
    return {
      label,
      ok: false,
      notGuardian: false,
      detail: 'Обучающийся не найден в журнале по фамилии, имени и классу: проверьте сведения заявления.',
    }
  if (!match)
    return {
      label,
      ok: false,
      notGuardian: true,
      detail: 'Заявителя нет среди родителей (законных представителей) обучающегося в журнале.',
    }
  // ADR 045: a parent brings no status document; the journal's guardian record is the check, shown as it matched.
  if (role === 'parent') {
    const g = match.guardian
    return {
      label: 'Заявитель — родитель обучающегося (сверено с журналом)',
      ok: true,
      notGuardian: false,
      detail:
        `Заявитель указал: «${APPLICANT_ROLE_LABELS.parent}». В журнале: ` +
        `${[g.lastName, g.firstName, g.middleName].filter(Boolean).join(' ')} — ${match.relationship}` +
        `${isConfirmedLink(match) ? `; статус подтверждён: ${match.confirmedBy || 'документ предъявлен'}` : ''}.`,
    }
  }
  if (!isConfirmedLink(match)) {
    return {
      label,
      ok: false,
      notGuardian: false,
      detail: `Связь «${match.relationship}» есть в журнале, но статус законного представителя не подтверждён документом.`,
    }
  }
  return {
    label,
    ok: true,
    notGuardian: false,
    detail: `${match.relationship}; статус подтверждён: ${match.confirmedBy || 'документ предъявлен'}.`,
  }
}

/** `read`: the application's row as the caller has just read it (the application page), not read a second time. */
export async function reviewPrecheck(schoolId: string, applicationId: string, read?: Application): Promise<Precheck | null> {
  const app =
    read && read.id === applicationId && read.schoolId === schoolId
      ? read
      : await db.application.findFirst({ where: { id: applicationId, schoolId } })
  if (!app) return null
  const info = await getRefusalGrounds(schoolId, 'information')
  const absent = pick(info, /отсутств/i, DEFAULT_INFORMATION_GROUNDS[0])
  const notProvided = pick(info, /не относится|не предусмотрен/i, DEFAULT_INFORMATION_GROUNDS[1])
  const notGuardian = pick(info, /не является/i, DEFAULT_INFORMATION_GROUNDS[2])
  const items: PrecheckItem[] = []
  const proposed: string[] = []

  const { link, eligibility } = await applicantCredentialsCheck(app)
  const guardian = guardianCheck(app.pupilId, link, app.applicantRole)
  items.push(guardian)
  const concerns: string[] = guardian.ok ? [] : [guardian.detail]
  if (guardian.notGuardian) proposed.push(notGuardian)
  const correction: string[] = []
  const uploads = await db.upload.findMany({ where: { applicationId: app.id }, select: { kind: true, fileName: true, createdAt: true } })

  // Порядок 2.7 («документ, подтверждающий статус заявителя (оригинал представляется для просмотра при личном обращении
  // законных представителей, копия - при обращении с помощью почтовой связи)»): a guardian or another representative
  // who applied in person showed the original — the desk cannot register without marking it (steps.registerApplication)
  // — and is asked for no copy; on the other channels its copy comes with the application.
  if (needsStatusDocument(app.applicantRole)) {
    const proof = uploads.find((u) => u.kind === 'status-proof')
    // The copy also comes as a file sent in answer to a correction request that asked for it, or by post in the scan of
    // the letter («Скан заявления и копий документов»). Neither is known to hold it — a file answering a request for
    // the passport copy, a scan of the letter alone — so the item is «проверить», not passed: the employee opens it.
    // An e-mail's attachments are kept as `scan` too (a logo, a signature): only a posted letter's scan is looked at.
    const sent =
      (await correctionFilesForStatus(app.id, uploads))[0] ?? (app.channel === 'post' ? uploads.find((u) => u.kind === 'scan') : undefined)
    const label = `Документ, подтверждающий статус (заявитель указал: «${APPLICANT_ROLE_LABELS[app.applicantRole as ApplicantRole]}»)`
    if (proof) items.push({ label, ok: true, detail: `Копия приложена: ${proof.fileName}. Сверьте её со сведениями журнала.` })
    else if (sent)
      items.push({
        label,
        ok: false,
        check: true,
        detail:
          `${sent.kind === 'correction' ? 'Файл прислан в ответ на запрос копии документа, подтверждающего статус' : 'Скан письма'}: ` +
          `${sent.fileName}. Проверьте, что в нём копия документа, подтверждающего статус, и сверьте её со сведениями журнала.`,
      })
    else if (app.channel === 'in_person' && app.registeredAt)
      items.push({
        label,
        ok: true,
        detail: 'Оригинал предъявлен при личном обращении — отмечено при регистрации (Порядок, п. 2.7). Копия не требуется.',
      })
    else {
      items.push({ label, ok: false, detail: 'Копия документа, подтверждающего статус законного представителя, не приложена.' })
      correction.push('Направьте копию документа, подтверждающего статус законного представителя (опекуна, попечителя).')
    }
  }
  // Порядок 2.7, 3.2: the identity document's details on every channel, its copy by post. The portal identifies the
  // applicant by its own sign-in (ЕСИА) and sends no copies.
  if (app.channel !== 'portal') {
    const copy = uploads.some((u) => u.kind === 'identity' || u.kind === 'scan')
    const gaps = identityDocumentGaps({ channel: app.channel, details: app.applicantIdentityDocument, copy })
    const label = 'Документ, удостоверяющий личность (Порядок, п. 2.7, 3.2)'
    if (gaps.length === 0) items.push({ label, ok: true, detail: app.applicantIdentityDocument })
    else {
      items.push({ label, ok: false, detail: gaps.map((g) => IDENTITY_MESSAGES[g]).join('; ') + '.' })
      for (const g of gaps) correction.push(IDENTITY_CORRECTIONS[g])
    }
  }

  const requested = parseKinds(app.kinds)
  const unknown = requested.filter((k) => !isKind(k))
  if (unknown.length) {
    items.push({ label: 'Виды информации предусмотрены Порядком', ok: false, detail: `Не предусмотрены: ${unknown.join(', ')}` })
    proposed.push(notProvided)
  }
  // Access credentials go only to a confirmed guardian through a contact the school has (workflows/guardian-status.ts).
  if (requested.includes('access')) {
    const label = 'Реквизиты доступа можно выдать заявителю'
    if (eligibility.ok)
      items.push({
        label,
        ok: true,
        detail: app.delivery === 'in_person' ? 'Вручаются лично по паспорту.' : 'Направляются по адресу, известному школе.',
      })
    else {
      items.push({ label, ok: false, detail: eligibility.message })
      if (eligibility.proposal === 'correction' && eligibility.correction) correction.push(eligibility.correction)
      else if (eligibility.proposal === 'refuse' && !guardian.notGuardian) proposed.push(notGuardian)
    }
  }
  // The answer's address (152-ФЗ): the extract goes where the application says; access credentials are checked above.
  const contactRefused = requested.includes('access') && !eligibility.ok && eligibility.code === 'contact'
  if (link && requested.some((k) => k !== 'access') && !contactRefused) {
    const contact = replyContactCheck({
      delivery: app.delivery as DeliveryChannel,
      fromAccount: Boolean(app.guardianId),
      applicantEmail: app.applicantEmail,
      applicantPostalAddress: app.applicantPostalAddress,
      guardian: link.guardian,
    })
    const label = 'Адрес для ответа известен школе'
    if (contact.ok) {
      if (app.delivery !== 'in_person')
        items.push({ label, ok: true, detail: app.guardianId ? 'Заявление подано из личного кабинета родителя.' : 'Совпадает с журналом.' })
    } else {
      items.push({ label, ok: false, detail: contact.message })
      if (contact.correction) {
        correction.push(contact.correction)
        concerns.push(contact.message)
      }
    }
  }
  const facts = {
    concerns,
    applicantLinked: Boolean(link),
    credentialsRefusal: requested.includes('access') && !eligibility.ok ? eligibility.message : null,
  }
  const kinds = requested.filter(isKind) as Kind[]
  let availableCount = 0
  const missing: Kind[] = []
  const journal = app.pupilId && kinds.length ? await getJournalInformation(schoolId, app.pupilId, kinds, 'current') : null
  const reasons: string[] = []
  for (const kind of kinds) {
    const result = journal?.kinds[kind]
    // «Сведения о …» for what the journal holds; the access kind is already a noun phrase («информацию для доступа…»):
    // «Сведения информацию…» was no Russian (issue 19, item 4).
    const label = /^информаци/.test(KIND_LABELS[kind])
      ? `Информация${KIND_LABELS[kind].slice('информацию'.length)}`
      : `Сведения ${KIND_LABELS[kind]}`
    if (!journal) items.push({ label, ok: false, detail: 'Сведения не проверены: обучающийся не найден в журнале.' })
    else if (result?.available) {
      availableCount++
      // Attendance: the journal records absences and lateness only; none recorded is «пропусков нет», not «0 records».
      const count =
        kind !== 'attendance'
          ? `записей — ${result.rows.length}`
          : result.rows.length
            ? `отметок о пропусках и опозданиях — ${result.rows.length}`
            : 'уроки проведены, пропусков и опозданий не отмечено'
      items.push({ label, ok: true, detail: `Есть в журнале (${journal.range.label}): ${count}.` })
    } else if (result) {
      missing.push(kind)
      reasons.push(result.reason)
      items.push({ label, ok: false, detail: result.reason })
    }
  }
  // Порядок 3.1.2: information absent from the journal is refused by a signed notice. None present: refusal;
  // some present: grant those and refuse the rest in the same decision (a partial decision).
  if (journal && kinds.length && availableCount === 0) proposed.push(`${absent}: ${reasons.join(' ')}`.trim())
  if (proposed.length === 0 && correction.length === 0 && journal && availableCount > 0 && missing.length > 0) {
    const summary =
      `Предварительная проверка: предлагается предоставить информацию, которая есть в журнале, и отказать в остальной ` +
      `(${missing.map((k) => KIND_LABELS[k]).join('; ')}): ${absent}. ${reasons.join(' ')}`.trim()
    return { proposal: 'partial', grounds: [absent], refusedKinds: missing, correction: [], items, summary, ...facts }
  }

  const proposal = proposed.length
    ? 'refuse'
    : correction.length
      ? 'correction'
      : items.every((i) => i.ok) || availableCount > 0
        ? 'grant'
        : 'refuse'
  const summary =
    proposal === 'grant'
      ? `Предварительная проверка: оснований для отказа не выявлено${items.some((i) => !i.ok) ? ' (есть замечания — см. проверку)' : ''}.`
      : proposal === 'correction'
        ? `Предварительная проверка: предлагается запросить исправление. ${correction.join(' ')}`
        : `Предварительная проверка: предлагается отказать. ${proposed.join(' ')}`.trim()
  return { proposal, grounds: proposed, refusedKinds: [], correction, items, summary, ...facts }
}
