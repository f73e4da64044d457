// What each file an applicant brought is, in words: the same label for staff (the application page) and for the
// applicant (the status page). Two uploads both named «doc.pdf» are told apart by it (issue 19, QA notes).
const UPLOAD_KIND_LABELS: Record<string, string> = {
  identity: 'Документ, удостоверяющий личность',
  'status-proof': 'Документ о статусе законного представителя',
  correction: 'Исправление',
  scan: 'Скан заявления',
  other: 'Документ',
}

export function uploadKindLabel(kind: string): string {
  return Object.hasOwn(UPLOAD_KIND_LABELS, kind) ? UPLOAD_KIND_LABELS[kind] : 'Документ'
}
