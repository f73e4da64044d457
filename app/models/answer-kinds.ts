// The Delivery kinds that make up the answer in each status that waits for it: the extract and the credentials
// letter while delivering — with the refusal notice of the rest after a partial decision (Порядок 3.1.2: both go
// by the way the applicant chose) — and the refusal notice once refused. Shared by the server and the application page.
export const ANSWER_KINDS = { delivering: ['extract', 'credentials', 'refusal-notice'], refused: ['refusal-notice'] } as const
