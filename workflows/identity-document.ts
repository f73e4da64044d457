// Порядок 2.7: «паспорт (оригинал представляется для просмотра при личном обращении, копия - при обращении с помощью
// почтовой связи)»; Порядок 3.2: by e-mail the form gives «вида и реквизитов документов … и адреса электронной почты»,
// by post it comes «с приложением копий документов». The product asks for the document's kind and details on every
// channel (the desk writes down the passport it was shown, so that the registration log says who applied) and its
// copy by post only: no clause asks a copy of an e-mailed application, and the school's памятка says «по электронной
// почте — его реквизиты в заявлении». One rule for the intake screens (desk, post, mail) and the review's pre-check.

type IdentityEvidence = {
  channel: string
  /** The kind and details as written in the application («паспорт 6310 123456, выдан … 01.02.2015»). */
  details: string
  /** A copy of the document came with the application (post: in the envelope). */
  copy: boolean
}

/** Channels on which the copy is required: post alone (Порядок 2.7 «копия - при обращении с помощью почтовой связи», 3.2). */
const COPY_CHANNELS: readonly string[] = ['post']

export const IDENTITY_MESSAGES = {
  details: 'Не указаны вид и реквизиты документа, удостоверяющего личность заявителя (Порядок, п. 2.7, 3.2)',
  copy: 'Не приложена копия документа, удостоверяющего личность заявителя (Порядок, п. 2.7, 3.2)',
} as const

/** What the correction request asks the applicant for, in the words a parent reads. */
export const IDENTITY_CORRECTIONS = {
  details: 'Сообщите вид и реквизиты документа, удостоверяющего личность (серия, номер, кем и когда выдан).',
  copy: 'Направьте почтой копию документа, удостоверяющего личность: к заявлению, отправленному почтой, она прилагается (Порядок, п. 2.7).',
} as const

/** Which part is missing: `details`, `copy`, both, or none. */
export function identityDocumentGaps(e: IdentityEvidence): Array<keyof typeof IDENTITY_MESSAGES> {
  const gaps: Array<keyof typeof IDENTITY_MESSAGES> = []
  // Two letters and a digit at least: «паспорт 6310 123456» passes, «есть» or «—» does not.
  if (!/\p{L}{2,}/u.test(e.details) || !/\d/.test(e.details)) gaps.push('details')
  if (COPY_CHANNELS.includes(e.channel) && !e.copy) gaps.push('copy')
  return gaps
}

/** What the intake says when the document is missing: the two lawful ways on, not a silent registration. */
export function identityIntakeProposal(gaps: ReadonlyArray<keyof typeof IDENTITY_MESSAGES>): string {
  const what = gaps.map((g) => IDENTITY_MESSAGES[g]).join('; ')
  return (
    `${what}. Зарегистрировать заявление нельзя: примите его без регистрации и запросите у заявителя недостающее ` +
    '(исправление заявления) или оформите отказ в приёме документов по основанию ' +
    '«Не представлен документ, удостоверяющий личность заявителя».'
  )
}
